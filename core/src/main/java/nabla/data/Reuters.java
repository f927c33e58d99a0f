package nabla.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reuters-21578 newswires (Distribution 1.0, David D. Lewis) as a single-label topic task on the ModApte split,
 * read from the raw SGML files {@code reut2-000.sgm .. reut2-021.sgm} of a local copy (the project keeps one in
 * {@code ../shared/data/reuters21578}; no registry carries it).
 *
 * <p>ModApte (the distribution's README, section VIII.B): training stories have {@code LEWISSPLIT="TRAIN"} and
 * {@code TOPICS="YES"}, test stories {@code LEWISSPLIT="TEST"} and {@code TOPICS="YES"}. Each story's label is its
 * first TOPICS category; stories with none are dropped, and so are those whose label does not occur in both
 * halves. Class names are the kept topics in alphabetical order. A story's text is its TITLE, a newline, and its
 * BODY (for the few unprocessed stories, the whole TEXT), with SGML entities decoded.
 */
public final class Reuters {
    /** The 22 SGML files, {@code reut2-000.sgm} to {@code reut2-021.sgm}. */
    public static final List<String> FILES;
    /** SHA-256 of each SGML file, from the SHA256SUMS beside the project's copy. */
    static final List<String> SHA256 = List.of(
            "9ff9bb40624ef992a03f62aace12e697dca1087abfd9b4d06aa787a6ad3e0687",
            "1528e7e82d110d88d0234eb9619eadb7f9fd805711971df05975b92277dfdf4d",
            "99f18068d0518952987dedd78c622e5c2a584e357d264d3754696c815f3e6628",
            "78a3a8d7e04bc9d42c4614d5d5c60a4293dbe3f708df6fb5a71d9ef31f4b3fa3",
            "726342c19a65873330b412378cd6a3f0d512035f5223146ddd60930c62eb6ff0",
            "d09de619b6dd2d047d5124681f6df90550abaf592020d1c1ce338ae9b91522e7",
            "b5535c0d66b01f4976f84621a4a795afbc00d2c4bd0a1b7ae426df6630fb361d",
            "aa706007ec84a03537a3921ca976d60e11b3f99e4b9e9b2d5c81dd384d2c2062",
            "a3994583694a00b7c744097c1d7eabfcf90f2e6650cc21663e46828035a336cb",
            "29995f606dd1a9bdf907eacc9d879846c716860d9d9141676979474aaea39c7d",
            "996df6008089bd09fa5b28a4d2eb0ee5f7b9d4601cde566fed3926ac82960fa3",
            "d3a2782015247d9c2bffb8926267827fdd449c70d619435ef01a25a1c56a53ca",
            "da31035d483851f2aebce5b66d779e5e2c0ac9dcfe098596c6d544e81c5604ab",
            "8f7700bc0455fac3fcc12377ced4807b7df8aba1f21ecad059b9cc2b1cf0b8be",
            "ef936bd3e0f36cf722afa9a6957563549775af32e9e28b4f539c8737ceda83ab",
            "6d3bcec73eff871b8a5403588af814c4e50a0de6bc25707480522ab836f74026",
            "be2f03a185fff70131f3b4fdbd6229b7ee2be077eba9691eaa597c8cfbda8812",
            "f370e610b4b1342e41a98e0c426a08541044bd1d7e539674f32372a6060b73b5",
            "a5f971bf25448e915781962309e669359a35fbcaf3017a806eca0590897f209a",
            "d3b07097fba2633d130b4914aceba671645985248943ce9e39c289315339dffb",
            "f6ad1b724125c202566c63b35ea0b5ee23881f8b7ed47a32829d5af05d8e860d",
            "3f5196d32869723c9042aa5756805b4e90360f1f45ea17f4594fa0e2b3630b18");
    /** Stories in the distribution. */
    public static final int STORIES = 21_578;

    static {
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 22; i++) files.add("reut2-%03d.sgm".formatted(i));
        FILES = List.copyOf(files);
    }

    private static final Pattern STORY = Pattern.compile("<REUTERS([^>]*)>(.*?)</REUTERS>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z]+)=\"([^\"]*)\"");
    private static final Pattern TOPICS = Pattern.compile("<TOPICS>(.*?)</TOPICS>", Pattern.DOTALL);
    private static final Pattern D = Pattern.compile("<D>(.*?)</D>", Pattern.DOTALL);
    private static final Pattern TEXT = Pattern.compile("<TEXT[^>]*>(.*?)</TEXT>", Pattern.DOTALL);
    private static final Pattern TITLE = Pattern.compile("<TITLE>(.*?)</TITLE>", Pattern.DOTALL);
    private static final Pattern BODY = Pattern.compile("<BODY>(.*?)</BODY>", Pattern.DOTALL);

    private Reuters() {}

    /**
     * One story: its NEWID, its LEWISSPLIT ("TRAIN", "TEST" or "NOT-USED") and TOPICS ("YES", "NO", "BYPASS")
     * attributes, its topic categories in order, its title (empty when none) and body (the raw TEXT when the
     * story has neither title nor body tags).
     *
     * @param newId the NEWID attribute, or -1 when it is missing or not a number
     * @param lewisSplit the LEWISSPLIT attribute, empty when missing
     * @param topicsAttribute the TOPICS attribute, empty when missing
     * @param topics the {@code <D>} entries of the TOPICS element, decoded and trimmed, in order
     * @param title the decoded, trimmed TITLE, empty when none
     * @param body the decoded, trimmed BODY, or the whole TEXT when it has neither TITLE nor BODY
     */
    public record Story(
            int newId, String lewisSplit, String topicsAttribute, List<String> topics, String title, String body) {
        /**
         * Copies the topic list.
         *
         * @throws NullPointerException if {@code topics} or one of its elements is null
         */
        public Story {
            topics = List.copyOf(topics);
        }

        /**
         * Title and body joined by a newline (just one of them when the other is empty).
         *
         * @return the story's text, the input of a classifier
         */
        public String text() {
            return title.isEmpty() ? body : body.isEmpty() ? title : title + "\n" + body;
        }
    }

    /**
     * The ModApte single-label task from a directory holding the 22 SGML files; checks each file's SHA-256.
     *
     * @param dir the directory holding {@code reut2-000.sgm .. reut2-021.sgm}
     * @return 7,752 training and 3,011 test stories over the 62 topics present in both halves
     * @throws IOException if {@code dir} is not a directory, a file is missing or unreadable, or the files hold
     *     other than {@value #STORIES} stories
     * @throws CorruptDataException if a file's SHA-256 is not the distribution's, or a file holds no story
     */
    public static TextDataset load(Path dir) throws IOException {
        return modApte(readAll(dir));
    }

    /**
     * Every story of the 22 SGML files in {@code dir}, in order, after checking each file's SHA-256. The files are
     * read as ISO-8859-1.
     *
     * @param dir the directory holding {@code reut2-000.sgm .. reut2-021.sgm}
     * @return the {@value #STORIES} stories, file by file
     * @throws IOException if {@code dir} is not a directory, a file is missing or unreadable, or the files hold
     *     other than {@value #STORIES} stories
     * @throws CorruptDataException if a file's SHA-256 is not the distribution's, or a file holds no story
     */
    public static List<Story> readAll(Path dir) throws IOException {
        if (!Files.isDirectory(dir))
            throw new IOException(
                    "Reuters-21578: %s is not a directory; point the loader at a copy of the distribution's reut2-*.sgm files"
                            .formatted(dir));
        List<Story> stories = new ArrayList<>(STORIES);
        for (int i = 0; i < FILES.size(); i++) {
            Path file = dir.resolve(FILES.get(i));
            if (!Files.isRegularFile(file))
                throw new IOException(
                        "Reuters-21578: %s is missing; the directory must hold reut2-000.sgm .. reut2-021.sgm"
                                .formatted(file));
            String actual = DatasetCatalog.sha256(file);
            if (!actual.equals(SHA256.get(i)))
                throw new CorruptDataException(
                        file,
                        "SHA-256 is %s, expected %s; replace it with the distribution's file"
                                .formatted(actual, SHA256.get(i)));
            // The files are ASCII except for a few stray Latin-1 bytes (in reut2-017.sgm), so read them as ISO-8859-1.
            List<Story> parsed = parse(Files.readString(file, StandardCharsets.ISO_8859_1));
            if (parsed.isEmpty()) throw new CorruptDataException(file, "holds no <REUTERS> story");
            stories.addAll(parsed);
        }
        if (stories.size() != STORIES)
            throw new IOException(
                    "Reuters-21578: %s holds %d stories, expected %d".formatted(dir, stories.size(), STORIES));
        return stories;
    }

    /**
     * The stories of one SGML file's content, in order; no checks, so it also reads fragments (e.g. in tests).
     *
     * @param sgml the text of a {@code reut2-*.sgm} file, or any text holding {@code <REUTERS ...>} elements
     * @return the stories found, possibly none
     */
    public static List<Story> parse(String sgml) {
        List<Story> out = new ArrayList<>();
        Matcher m = STORY.matcher(sgml);
        while (m.find()) {
            Map<String, String> attributes = new TreeMap<>();
            Matcher a = ATTRIBUTE.matcher(m.group(1));
            while (a.find()) attributes.put(a.group(1), a.group(2));
            String content = m.group(2);
            List<String> topics = new ArrayList<>();
            Matcher t = TOPICS.matcher(content);
            if (t.find())
                for (Matcher d = D.matcher(t.group(1)); d.find(); )
                    topics.add(decode(d.group(1)).trim());
            String title = "", body = "";
            Matcher text = TEXT.matcher(content);
            if (text.find()) {
                String inner = text.group(1);
                Matcher ti = TITLE.matcher(inner), bo = BODY.matcher(inner);
                boolean hasTitle = ti.find(), hasBody = bo.find();
                if (hasTitle) title = decode(ti.group(1)).trim();
                if (hasBody) body = decode(bo.group(1)).trim();
                if (!hasTitle && !hasBody) body = decode(inner).trim();
            }
            String newId = attributes.getOrDefault("NEWID", "-1");
            out.add(new Story(
                    newId.matches("\\d+") ? Integer.parseInt(newId) : -1,
                    attributes.getOrDefault("LEWISSPLIT", ""),
                    attributes.getOrDefault("TOPICS", ""),
                    topics,
                    title,
                    body));
        }
        return out;
    }

    /**
     * The ModApte split of {@code stories} as a single-label task (see the class comment).
     *
     * @param stories the stories, e.g. from {@link #readAll(Path)}; their order is kept within each half
     * @return texts with class indices, named "Reuters-21578 ModApte", class names the kept topics in
     *     alphabetical order
     */
    public static TextDataset modApte(List<Story> stories) {
        List<Story> train = new ArrayList<>(), test = new ArrayList<>();
        for (Story s : stories) {
            if (!s.topicsAttribute().equals("YES") || s.topics().isEmpty()) continue;
            if (s.lewisSplit().equals("TRAIN")) train.add(s);
            else if (s.lewisSplit().equals("TEST")) test.add(s);
        }
        Set<String> inTrain = new TreeSet<>(), inTest = new TreeSet<>();
        for (Story s : train) inTrain.add(s.topics().getFirst());
        for (Story s : test) inTest.add(s.topics().getFirst());
        inTrain.retainAll(inTest);
        List<String> classes = List.copyOf(inTrain);
        Map<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) index.put(classes.get(i), i);
        List<String> trainTexts = new ArrayList<>(), testTexts = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
        for (Story s : train) keep(s, index, trainTexts, trainLabels);
        for (Story s : test) keep(s, index, testTexts, testLabels);
        return new TextDataset(
                "Reuters-21578 ModApte", trainTexts, toArray(trainLabels), testTexts, toArray(testLabels), classes);
    }

    private static void keep(Story s, Map<String, Integer> index, List<String> texts, List<Integer> labels) {
        Integer label = index.get(s.topics().getFirst());
        if (label == null) return;
        texts.add(s.text());
        labels.add(label);
    }

    private static int[] toArray(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Decodes {@code &lt; &gt; &amp; &quot;} and numeric entities; control characters other than tab and newline become spaces. */
    static String decode(String s) {
        if (s.indexOf('&') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int semi = c == '&' ? s.indexOf(';', i) : -1;
            if (semi < 0 || semi - i > 8) {
                out.append(c);
                continue;
            }
            String name = s.substring(i + 1, semi);
            String decoded = switch (name) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                default -> {
                    if (!name.matches("#\\d{1,5}")) yield null;
                    int code = Integer.parseInt(name.substring(1));
                    yield code < 32 && code != '\t' && code != '\n' ? " " : String.valueOf((char) code);
                }
            };
            if (decoded == null) out.append(c);
            else {
                out.append(decoded);
                i = semi;
            }
        }
        return out.toString();
    }
}
