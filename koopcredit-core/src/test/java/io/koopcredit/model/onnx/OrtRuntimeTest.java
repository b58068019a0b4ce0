package io.koopcredit.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ONNX Runtime's messages, quoted without the C++ source locations and signatures it puts before the cause. */
class OrtRuntimeTest {

    @Test
    void sourceLocationsAndSignaturesAreRemoved() {
        assertEquals("Exception during initialization: layout_ == 0 was false. Batchwise recurrent operations are"
                + " not supported.", OrtRuntime.withoutSourceLocations("Exception during initialization:"
                + " /onnxruntime_src/onnxruntime/core/providers/cpu/rnn/lstm_base.h:52"
                + " onnxruntime::LSTMBase::LSTMBase(const onnxruntime::OpKernelInfo&) layout_ == 0 was false."
                + " Batchwise recurrent operations are not supported."));
        assertEquals("Unsupported model IR version: 99, max supported IR version: 13",
                OrtRuntime.withoutSourceLocations("/onnxruntime_src/onnxruntime/core/graph/model.cc:181"
                        + " onnxruntime::Model::Model(onnx::ModelProto&&, const onnxruntime::PathString&, const"
                        + " std::function<void(int)>&, const onnxruntime::logging::Logger&) Unsupported model IR"
                        + " version: 99, max supported IR version: 13"));
        assertEquals("a message without locations (a.cc is a name)",
                OrtRuntime.withoutSourceLocations("a message without locations (a.cc is a name)"));
    }
}
