package sc.fiji.draggan.ij;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.process.ImageProcessor;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.SourcePlacement;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * The ImageJ side of results in place (docs/fiji-plugin.md#drag-gan): a model frame as a processor of
 * the source's size, position and type (through the core's {@link SourcePlacement}), shown with the
 * source's display range; the result's calibration, zoom and unique title taken from the source.
 */
public final class InPlaceFrames {

	private InPlaceFrames() {}

	/** {@code frame} placed back into the source; 16- and 32-bit frames get the source's display range. */
	public static ImageProcessor toProcessor(final SourcePlacement placement, final GeneratorImage frame) {
		final ImageProcessor ip = InputImages.toProcessor(placement.place(frame.data, frame.channels), placement.width(), placement.height(), placement
			.bitDepth());
		if (placement.bitDepth() == InputImage.GREY16 || placement.bitDepth() == InputImage.FLOAT32) {
			final double[] r = placement.displayRange();
			if (r[1] > r[0]) ip.setMinAndMax(r[0], r[1]);
		}
		return ip;
	}

	/**
	 * {@code <source>-drag-N} (the source's title without its file extension) with the smallest N no open
	 * image uses; a drag of {@code cells-drag-1} is {@code cells-drag-2} (or later).
	 */
	public static String uniqueTitle(final String source) {
		String base = source.replaceFirst("(?i)\\.(tiff?|png|jpe?g|gif|bmp|zip)$", "");
		int first = 1;
		final Matcher m = Pattern.compile("(.+)-drag-(\\d{1,9})").matcher(base);
		if (m.matches()) {
			base = m.group(1);
			first = Integer.parseInt(m.group(2)) + 1;
		}
		for (int n = first;; n++) {
			final String t = base + "-drag-" + n;
			if (WindowManager.getImage(t) == null) return t;
		}
	}

	/** The zoom of the source's window (1 without a window). */
	public static double magnification(final ImagePlus source) {
		final ImageCanvas ic = source.getCanvas();
		return ic != null && ic.getMagnification() > 0 ? ic.getMagnification() : 1;
	}
}
