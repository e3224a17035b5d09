package dev.chimera.model.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class ContactSheetTest {

    private static final int HEIGHT = 8;
    private static final int WIDTH = 10;

    private final NDManager manager = NDManager.newBaseManager("PyTorch");

    @AfterEach
    void close() {
        manager.close();
    }

    /** Five frames, frame k filled with the grey (k + 1) / 10. */
    private List<NDArray> fiveFrames() {
        List<NDArray> frames = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            frames.add(manager.full(new Shape(3, HEIGHT, WIDTH), (k + 1) / 10f));
        }
        return frames;
    }

    @Test
    void theSheetHasColumnsTimesFramesPlusGapsAcrossAndEnoughRowsDown() {
        NDArray sheet = ContactSheet.compose(fiveFrames(), 3, 2);
        assertEquals(new Shape(1, 3, 2 * HEIGHT + 2, 3 * WIDTH + 2 * 2), sheet.getShape());
    }

    @Test
    void framesFillTheGridRowByRowWithWhiteGapsAndWhiteEmptyCells() {
        NDArray sheet = ContactSheet.compose(fiveFrames(), 3, 2);
        for (int channel = 0; channel < 3; channel++) {
            assertEquals(0.1f, sheet.getFloat(0, channel, 0, 0));
            assertEquals(0.3f, sheet.getFloat(0, channel, HEIGHT - 1, 2 * (WIDTH + 2) + WIDTH - 1));
            // frame 4 is the second cell of the second row
            assertEquals(0.5f, sheet.getFloat(0, channel, HEIGHT + 2, WIDTH + 2));
            assertEquals(1f, sheet.getFloat(0, channel, 3, WIDTH), "gap between columns");
            assertEquals(1f, sheet.getFloat(0, channel, HEIGHT + 1, 0), "gap between rows");
            assertEquals(1f, sheet.getFloat(0, channel, HEIGHT + 5, 2 * (WIDTH + 2) + 5), "empty cell");
        }
    }

    @Test
    void oneColumnWithoutGapStacksTheFrames() {
        NDArray sheet = ContactSheet.compose(fiveFrames(), 1, 0);
        assertEquals(new Shape(1, 3, 5 * HEIGHT, WIDTH), sheet.getShape());
        assertEquals(0.4f, sheet.getFloat(0, 1, 3 * HEIGHT, 0));
        assertEquals(0.3f, sheet.getFloat(0, 1, 3 * HEIGHT - 1, WIDTH - 1));
    }

    @Test
    void framesOfDifferentSizesOrAnEmptyGridAreRefused() {
        List<NDArray> mixed = new ArrayList<>(fiveFrames());
        mixed.add(manager.zeros(new Shape(3, HEIGHT, WIDTH + 1)));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.compose(mixed, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.compose(List.of(), 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.compose(fiveFrames(), 0, 2));
    }
}
