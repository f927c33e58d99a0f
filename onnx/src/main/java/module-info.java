/**
 * ONNX export and import of Nabla models ({@code nabla.onnx.Onnx}): opset 17, pure Java, through protobuf-java and the
 * ONNX message classes of Tribuo's {@code tribuo-util-onnx}.
 */
module nabla.onnx {
    requires transitive nabla.core;
    requires com.google.protobuf;
    // tribuo-util-onnx declares no module; its manifest's Automatic-Module-Name is org.tribuo.util.onnx.
    requires org.tribuo.util.onnx;

    exports nabla.onnx;
}
