package nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class LetterTrigramsTest {
    @Test
    void wordsAreCutIntoBoundedTrigrams() {
        assertEquals(List.of("#go", "goo", "ood", "od#"), LetterTrigrams.of("good"));
        assertEquals(List.of("#a#"), LetterTrigrams.of("a"));
        assertEquals(List.of("#ab", "ab#"), LetterTrigrams.of("ab"));
        assertEquals(List.of(), LetterTrigrams.of(""));
    }

    @Test
    void vocabularyIsNumberedByFrequencyAndBagsCount() {
        LetterTrigrams v = LetterTrigrams.fitVocabulary(List.of("Good food", "good"), 100);
        // counts in first-occurrence order: #go 2, goo 2, ood 3, od# 3, #fo 1, foo 1; a stable sort by count
        assertEquals(
                List.of("ood", "od#", "#go", "goo", "#fo", "foo"),
                List.copyOf(v.vocabulary().keySet()));
        assertEquals(1, v.column("od#"));
        var bag = v.bag("good, GOOD zzz");
        assertArrayEquals(new float[] {2, 2, 2, 2, 0, 0}, bag);
        assertEquals(-1, v.column("zzz"));
        LetterTrigrams small = LetterTrigrams.fitVocabulary(List.of("Good food", "good"), 2);
        assertEquals(2, small.size());
    }

    @Test
    void hashingIsStableAndFillsAFixedSizeBag() {
        assertEquals(0xe40c292c, LetterTrigrams.fnv1a("a")); // FNV-1a reference value
        LetterTrigrams h = LetterTrigrams.hashed(1000);
        assertTrue(h.isHashed());
        var x = h.transform(List.of("good good", "food"));
        assertEquals(Shape.of(2, 1000), x.shape());
        float[] row0 = x.slice(0, 0, 1).toArray();
        float sum = 0;
        for (float f : row0) sum += f;
        assertEquals(8, sum); // 2 words of 4 trigrams
        assertEquals(2, row0[h.column("#go")], 0);
        assertEquals(Math.floorMod(LetterTrigrams.fnv1a("goo"), 1000), h.column("goo"));
        assertArrayEquals(h.bag("food"), x.slice(0, 1, 2).toArray());
    }
}
