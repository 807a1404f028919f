package sc.fiji.draggan.ij;

import sc.fiji.draggan.edit.EditRegion;

import java.awt.Rectangle;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * The edit region of a drag ({@link EditRegion}) from area ROIs (their union) or from a mask image
 * (non-zero = may change). No region means the whole image is free.
 */
public final class EditMask {

	private EditMask() {}

	/** The union of area ROIs, clipped to the image; fails on non-area ROIs and empty results. */
	public static EditRegion fromRois(final List<Roi> rois, final int width, final int height) {
		if (rois.isEmpty()) throw new IllegalArgumentException("no area selection for the edit region");
		final boolean[] movable = new boolean[width * height];
		int count = 0;
		for (final Roi roi : rois) {
			if (!roi.isArea()) throw new IllegalArgumentException("the edit region must be an area selection (rectangle, oval, polygon, " +
				"freehand, composite), not a " + roi.getTypeAsString().toLowerCase());
			final Rectangle b = roi.getBounds();
			final ImageProcessor m = roi.getMask(); // null for a plain rectangle
			int inside = 0;
			for (int y = Math.max(0, b.y); y < Math.min(height, b.y + b.height); y++) {
				for (int x = Math.max(0, b.x); x < Math.min(width, b.x + b.width); x++) {
					if (m != null && m.get(x - b.x, y - b.y) == 0) continue;
					if (!movable[y * width + x]) count++;
					movable[y * width + x] = true;
					inside++;
				}
			}
			if (inside == 0) throw new IllegalArgumentException("the edit region " + describe(roi) + " lies outside the " + width + "x" + height + " image");
		}
		if (count == 0) throw new IllegalArgumentException("the edit region is empty");
		return new EditRegion(width, height, movable);
	}

	/** Non-zero pixels of a mask image (its current slice) are movable; the size must match. */
	public static EditRegion fromMaskImage(final ImagePlus mask, final int width, final int height) {
		if (mask.getWidth() != width || mask.getHeight() != height) throw new IllegalArgumentException("the mask image '" + mask.getTitle() +
			"' is " + mask.getWidth() + "x" + mask.getHeight() + " but the image is " + width + "x" + height);
		final ImageProcessor ip = mask.getProcessor();
		final boolean[] movable = new boolean[width * height];
		int count = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				if (ip.getf(x, y) != 0f) {
					movable[y * width + x] = true;
					count++;
				}
			}
		}
		if (count == 0) throw new IllegalArgumentException("the mask image '" + mask.getTitle() + "' is all zero: nothing may move");
		return new EditRegion(width, height, movable);
	}

	/** An 8-bit picture of a region (255 = movable), e.g. to save it next to a result. */
	public static ByteProcessor toProcessor(final EditRegion region) {
		final byte[] px = new byte[region.width * region.height];
		for (int y = 0; y < region.height; y++)
			for (int x = 0; x < region.width; x++)
				px[y * region.width + x] = (byte) (region.movable(x, y) ? 255 : 0);
		return new ByteProcessor(region.width, region.height, px);
	}

	private static String describe(final Roi roi) {
		final Rectangle b = roi.getBounds();
		final String name = roi.getName() != null ? "'" + roi.getName() + "' " : "";
		return name + "(" + roi.getTypeAsString().toLowerCase() + " at " + b.x + "," + b.y + ", " + b.width + "x" + b.height + ")";
	}
}
