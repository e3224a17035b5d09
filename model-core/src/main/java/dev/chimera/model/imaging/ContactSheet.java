package dev.chimera.model.imaging;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Frames laid out left to right, top to bottom, in a grid of a given column count, separated by white gaps: the
 * one-picture overview of a morph or of a disentangled grid.
 */
public final class ContactSheet {

    private static final float WHITE = 1f;

    private ContactSheet() {
    }

    /**
     * Composes the frames (each 3×H×W or 1×3×H×W in [0, 1], all the same size) into one 1×3×H'×W' image with
     * {@code columns} columns and {@code ceil(frames / columns)} rows; cells past the last frame stay white.
     *
     * @param gap white pixels between neighbouring cells, none around the border
     */
    public static NDArray compose(List<NDArray> frames, int columns, int gap) {
        if (frames.isEmpty() || columns <= 0 || gap < 0) {
            throw new IllegalArgumentException("a contact sheet needs frames, columns > 0 and gap >= 0; got "
                    + frames.size() + " frames, " + columns + " columns, gap " + gap);
        }
        List<RgbPixels> cells = frames.stream().map(RgbPixels::of).toList();
        int cellHeight = cells.get(0).height();
        int cellWidth = cells.get(0).width();
        int rows = (cells.size() + columns - 1) / columns;
        int height = rows * cellHeight + (rows - 1) * gap;
        int width = columns * cellWidth + (columns - 1) * gap;
        float[] sheet = new float[3 * height * width];
        Arrays.fill(sheet, WHITE);
        for (int k = 0; k < cells.size(); k++) {
            RgbPixels cell = cells.get(k);
            if (cell.height() != cellHeight || cell.width() != cellWidth) {
                throw new IllegalArgumentException("every frame must be " + cellHeight + "x" + cellWidth
                        + ", frame " + k + " is " + cell.height() + "x" + cell.width());
            }
            int top = (k / columns) * (cellHeight + gap);
            int left = (k % columns) * (cellWidth + gap);
            for (int channel = 0; channel < 3; channel++) {
                for (int y = 0; y < cellHeight; y++) {
                    System.arraycopy(cell.planes(), (channel * cellHeight + y) * cellWidth,
                            sheet, (channel * height + top + y) * width + left, cellWidth);
                }
            }
        }
        return frames.get(0).getManager().create(sheet, new Shape(1, 3, height, width));
    }
}
