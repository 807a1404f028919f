package sc.fiji.draggan.invert;

/**
 * Where the model's square image lies in the source image: the source square of side {@link #side}
 * starts at ({@link #offsetX}, {@link #offsetY}) in source pixels (negative when padded) and is
 * resized to {@link #resolution}. Coordinates are continuous with pixel i covering [i, i+1), as in
 * ImageJ; a pixel index maps through its centre (i + 0.5).
 */
public final class SquareGeometry {

	public final int sourceWidth, sourceHeight, side, offsetX, offsetY, resolution;
	public final SquareFit fit;

	public SquareGeometry(final int sourceWidth, final int sourceHeight, final SquareFit fit, final int resolution) {
		if (sourceWidth < 1 || sourceHeight < 1) throw new IllegalArgumentException("empty image");
		if (resolution < 1) throw new IllegalArgumentException("resolution must be positive");
		this.sourceWidth = sourceWidth;
		this.sourceHeight = sourceHeight;
		this.fit = fit;
		this.resolution = resolution;
		this.side = fit == SquareFit.CROP ? Math.min(sourceWidth, sourceHeight) : Math.max(sourceWidth, sourceHeight);
		// CROP: centred square inside (offset >= 0); PAD: image centred in the square (offset <= 0)
		this.offsetX = (sourceWidth - side) / 2;
		this.offsetY = (sourceHeight - side) / 2;
	}

	/** Source pixels per model pixel. */
	public double scale() {
		return (double) side / resolution;
	}

	/** Source coordinates (x, y) to model coordinates. */
	public double[] toModel(final double x, final double y) {
		return new double[] { (x - offsetX) / scale(), (y - offsetY) / scale() };
	}

	/** Model coordinates (x, y) to source coordinates. */
	public double[] toSource(final double x, final double y) {
		return new double[] { x * scale() + offsetX, y * scale() + offsetY };
	}

	/** Whether source pixel (x, y) lies in the part of the image the model sees. */
	public boolean covers(final int x, final int y) {
		return x >= offsetX && x < offsetX + side && y >= offsetY && y < offsetY + side;
	}

	@Override
	public String toString() {
		return sourceWidth + "x" + sourceHeight + " -> " + fit.name().toLowerCase() + " " + side + "x" + side + " at (" + offsetX + ", " + offsetY +
			") -> " + resolution + "x" + resolution;
	}
}
