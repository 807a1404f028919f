package sc.fiji.draggan.invert;

import sc.fiji.draggan.model.GeneratorConfig;

/**
 * Where the model's picture lies in a source picture (docs/algorithm.md#pre-processing): a source
 * region of {@link #regionWidth} × {@link #regionHeight} pixels with the model picture's aspect,
 * starting at ({@link #offsetX}, {@link #offsetY}) in source pixels (negative when padded), is resized
 * to the model's {@link #modelWidth} × {@link #modelHeight} (square for most models, 2:1 portrait for
 * StyleGAN-Human). Coordinates are continuous with pixel i covering [i, i+1), as in ImageJ; a pixel
 * index maps through its centre (i + 0.5). This is the one mapping between a picture and the model:
 * the inversion's pre-processing, points, edit regions and results all go through it.
 */
public final class FitGeometry {

	public final int sourceWidth, sourceHeight, regionWidth, regionHeight, offsetX, offsetY, modelWidth, modelHeight;
	public final AspectFit fit;

	/** The fit of a source picture to a square model of {@code resolution} pixels. */
	public FitGeometry(final int sourceWidth, final int sourceHeight, final AspectFit fit, final int resolution) {
		this(sourceWidth, sourceHeight, fit, resolution, resolution);
	}

	/** The fit of a source picture to the pictures of {@code c} (H × W). */
	public static FitGeometry of(final int sourceWidth, final int sourceHeight, final AspectFit fit, final GeneratorConfig c) {
		return new FitGeometry(sourceWidth, sourceHeight, fit, c.imgWidth(), c.imgHeight());
	}

	public FitGeometry(final int sourceWidth, final int sourceHeight, final AspectFit fit, final int modelWidth, final int modelHeight) {
		if (sourceWidth < 1 || sourceHeight < 1) throw new IllegalArgumentException("empty image");
		if (modelWidth < 1 || modelHeight < 1) throw new IllegalArgumentException("the model's picture size must be positive");
		this.sourceWidth = sourceWidth;
		this.sourceHeight = sourceHeight;
		this.fit = fit;
		this.modelWidth = modelWidth;
		this.modelHeight = modelHeight;
		// is the source wider (relative to its height) than the model's picture?
		final boolean wider = (long) sourceWidth * modelHeight > (long) sourceHeight * modelWidth;
		// CROP keeps the whole of the narrower direction, PAD the whole of the wider one; the other
		// side of the region follows the model's aspect (rounded to whole pixels; exact for a square)
		final boolean fullWidth = fit == AspectFit.CROP ? !wider : wider;
		if (fullWidth) {
			regionWidth = sourceWidth;
			regionHeight = Math.max(1, (int) Math.round((double) sourceWidth * modelHeight / modelWidth));
		}
		else {
			regionHeight = sourceHeight;
			regionWidth = Math.max(1, (int) Math.round((double) sourceHeight * modelWidth / modelHeight));
		}
		// CROP: centred region inside (offset >= 0); PAD: image centred in the region (offset <= 0)
		this.offsetX = (sourceWidth - regionWidth) / 2;
		this.offsetY = (sourceHeight - regionHeight) / 2;
	}

	/** Source pixels per model pixel, horizontally. */
	public double scaleX() {
		return (double) regionWidth / modelWidth;
	}

	/** Source pixels per model pixel, vertically (equal to {@link #scaleX} up to the rounding of the region to whole pixels). */
	public double scaleY() {
		return (double) regionHeight / modelHeight;
	}

	/** Source coordinates (x, y) to model coordinates. */
	public double[] toModel(final double x, final double y) {
		return new double[] { (x - offsetX) / scaleX(), (y - offsetY) / scaleY() };
	}

	/** Model coordinates (x, y) to source coordinates. */
	public double[] toSource(final double x, final double y) {
		return new double[] { x * scaleX() + offsetX, y * scaleY() + offsetY };
	}

	/** Whether source pixel (x, y) lies in the part of the image the model sees. */
	public boolean covers(final int x, final int y) {
		return x >= offsetX && x < offsetX + regionWidth && y >= offsetY && y < offsetY + regionHeight;
	}

	/** Whether the source is padded (part of the region lies outside it). */
	public boolean padded() {
		return offsetX < 0 || offsetY < 0 || offsetX + regionWidth > sourceWidth || offsetY + regionHeight > sourceHeight;
	}

	@Override
	public String toString() {
		return sourceWidth + "x" + sourceHeight + " -> " + fit.name().toLowerCase() + " " + regionWidth + "x" + regionHeight + " at (" + offsetX + ", " +
			offsetY + ") -> " + modelWidth + "x" + modelHeight;
	}
}
