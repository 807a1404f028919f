package sc.fiji.draggan.ij;

import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.process.ImageProcessor;
import sc.fiji.draggan.edit.PointPair;

/**
 * The stack a drag produces, {@code <title> (Drag GAN)}: one slice per recorded step, labelled
 * {@code step N: d=…} with the handle–target distances, optional arrows per slice in the overlay.
 * When {@code live}, the window opens with the first frame and follows every new one
 * (docs/fiji-plugin.md#result-stacks-in-batch-mode); in batch mode {@link ImagePlus#show()} only registers the image.
 */
public final class ResultStack {

	private final ImagePlus imp;
	private final ImageStack stack;
	private final Overlay overlay = new Overlay();
	private final boolean arrows, live;
	private double magnification = 1;

	public ResultStack(final String title, final int width, final int height, final boolean showArrows, final boolean live) {
		this.stack = new ImageStack(width, height);
		this.imp = new ImagePlus();
		this.imp.setTitle(title);
		this.arrows = showArrows;
		this.live = live;
	}

	/** Gives the result the source's calibration and, once its window opens, the source window's zoom. */
	public void lookLike(final ImagePlus source) {
		imp.setCalibration(source.getCalibration().copy());
		magnification = InPlaceFrames.magnification(source);
	}

	/** The title of the result of a drag on an image called {@code source}: {@code <source> (Drag GAN)}. */
	public static String titleFor(final String source) {
		return source + " (Drag GAN)";
	}

	/** Appends the frame of {@code step}; {@code pairs} are the tracked handles and their targets. */
	public synchronized void add(final ImageProcessor frame, final int step, final List<PointPair> pairs) {
		if (frame.getWidth() != stack.getWidth() || frame.getHeight() != stack.getHeight())
			throw new IllegalArgumentException("frame size differs from the stack");
		stack.addSlice(label(step, pairs), frame);
		final int n = stack.getSize();
		if (arrows) Arrows.add(overlay, pairs, n, stack.getWidth());
		if (n == 1) {
			imp.setProcessor(frame);
			imp.setStack(stack);
		}
		else imp.setStack(stack);
		if (arrows) imp.setOverlay(overlay);
		if (live) {
			if (n == 1) {
				imp.show();
				if (magnification != 1 && imp.getWindow() != null) ij.plugin.Zoom.set(imp, magnification);
			}
			imp.setSlice(n);
		}
	}

	/** {@code step N: d=12.08, 8.4} (distances in pixels, one per pair). */
	public static String label(final int step, final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder("step ").append(step);
		if (!pairs.isEmpty()) {
			s.append(": d=");
			for (int i = 0; i < pairs.size(); i++) {
				if (i > 0) s.append(", ");
				s.append(String.format(Locale.ROOT, "%.2f", pairs.get(i).distance()));
			}
		}
		return s.toString();
	}

	/** Appends {@code ; note} to the last frame's label (e.g. the final content distance: {@code step 40: d=1.20; content 5.40}). */
	public synchronized void noteOnLastFrame(final String note) {
		final int n = stack.getSize();
		if (n == 0) return;
		stack.setSliceLabel(stack.getSliceLabel(n) + "; " + note, n);
	}

	public ImagePlus image() {
		return imp;
	}

	public int frames() {
		return stack.getSize();
	}
}
