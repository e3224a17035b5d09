package dev.chimera.model.nn;

import static dev.chimera.model.nn.TensorFixture.array;
import static dev.chimera.model.nn.TensorFixture.assertValues;
import static dev.chimera.model.nn.TensorFixture.stateDict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ConvAndLinearTest {

    private static final float[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void convolutionCorrelatesTheKernelAndAddsTheBias() {
        try (NDManager m = TensorFixture.manager()) {
            Conv2d conv = Conv2d.builder(1, 1, 2).build();
            conv.loadStateDict(stateDict("weight", array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4),
                    "bias", array(m, new Shape(1), 0.5f)), m);
            NDArray y = conv.forward(TensorFixture.store(m), array(m, new Shape(1, 1, 3, 3), ONE_TO_NINE), null);
            assertValues(new Shape(1, 1, 2, 2), new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y, 1e-5f);
        }
    }

    @Test
    void stridedConvolutionPadsWithZerosAndCanOmitTheBias() {
        try (NDManager m = TensorFixture.manager()) {
            Conv2d conv = Conv2d.builder(1, 1, 2).stride(2).padding(1).bias(false).build();
            assertEquals(List.of("weight"), List.copyOf(conv.namedTensors().keySet()));
            conv.loadStateDict(stateDict("weight", array(m, new Shape(1, 1, 2, 2), 1, 2, 3, 4)), m);
            NDArray y = conv.forward(TensorFixture.store(m), array(m, new Shape(1, 1, 3, 3), ONE_TO_NINE), null);
            assertValues(new Shape(1, 1, 2, 2), new float[] {4, 18, 36, 77}, y, 1e-5f);
        }
    }

    @Test
    void convolutionSumsOverInputChannelsPerOutputChannel() {
        try (NDManager m = TensorFixture.manager()) {
            Conv2d conv = Conv2d.builder(2, 2, 1).build();
            // out0 = in0 + in1, out1 = in0 - in1, plus biases 0 and 10
            conv.loadStateDict(stateDict("weight", array(m, new Shape(2, 2, 1, 1), 1, 1, 1, -1),
                    "bias", array(m, new Shape(2), 0, 10)), m);
            NDArray x = array(m, new Shape(1, 2, 1, 2), 1, 2, 5, 7);
            NDArray y = conv.forward(TensorFixture.store(m), x, null);
            assertValues(new Shape(1, 2, 1, 2), new float[] {6, 9, 6, 5}, y, 1e-5f);
        }
    }

    @Test
    void convolutionReportsItsOutputShape() {
        Conv2d conv = Conv2d.builder(3, 8, 7).stride(2).padding(3).build();
        assertEquals(new Shape(2, 8, 16, 16), conv.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)})[0]);
    }

    @Test
    void linearMultipliesByTheTransposedWeightAndAddsTheBias() {
        try (NDManager m = TensorFixture.manager()) {
            Linear fc = new Linear(2, 3, true);
            fc.loadStateDict(stateDict("weight", array(m, new Shape(3, 2), 1, 2, 3, 4, 5, 6),
                    "bias", array(m, new Shape(3), 1, 1, 1)), m);
            NDArray y = fc.forward(TensorFixture.store(m), array(m, new Shape(2, 2), 2, 1, 0, -1), null);
            assertValues(new Shape(2, 3), new float[] {5, 11, 17, -1, -3, -5}, y, 1e-5f);
        }
    }

    @Test
    void linearWithoutBiasHasOnlyAWeight() {
        try (NDManager m = TensorFixture.manager()) {
            Linear fc = new Linear(2, 1, false);
            assertEquals(List.of("weight"), List.copyOf(fc.namedTensors().keySet()));
            fc.loadStateDict(stateDict("weight", array(m, new Shape(1, 2), 3, -1)), m);
            NDArray y = fc.forward(TensorFixture.store(m), array(m, new Shape(1, 2), 2, 1), null);
            assertValues(new Shape(1, 1), new float[] {5}, y, 1e-6f);
        }
    }
}
