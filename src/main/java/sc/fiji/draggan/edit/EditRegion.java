package sc.fiji.draggan.edit;

import java.util.Arrays;

import sc.fiji.draggan.invert.FitGeometry;

/**
 * The part of a picture a drag may change (the DragGAN mask): {@code movable[y·width + x]} true
 * where the picture may change. Outside it the mask term of the loss holds the features to their
 * start values (docs/algorithm.md#mask-term). No region at all (null) means the whole picture may change.
 */
public final class EditRegion {

	public final int width, height;
	private final boolean[] movable;

	public EditRegion(final int width, final int height, final boolean[] movable) {
		if (movable.length != (long) width * height) throw new IllegalArgumentException("an edit region of " + width + "x" + height + " needs " +
			(long) width * height + " pixels, got " + movable.length);
		this.width = width;
		this.height = height;
		this.movable = movable.clone();
	}

	/** From numbers: nonzero = may change (a mask file's convention). */
	public static EditRegion nonzero(final int width, final int height, final float[] values) {
		final boolean[] m = new boolean[values.length];
		for (int i = 0; i < m.length; i++) m[i] = values[i] != 0;
		return new EditRegion(width, height, m);
	}

	/** A disc of radius {@code r} around ({@code cx}, {@code cy}) (pixel centres within r). */
	public static EditRegion disc(final int width, final int height, final double cx, final double cy, final double r) {
		final boolean[] m = new boolean[width * height];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				m[y * width + x] = Math.hypot(x - cx, y - cy) <= r;
		return new EditRegion(width, height, m);
	}

	/** Share of the picture's shorter side added around each drag segment by {@link #around}. */
	public static final double AUTO_MARGIN_OF_SIZE = 0.1;
	/** Share of each pair's drag distance added around its segment by {@link #around}. */
	public static final double AUTO_MARGIN_OF_DISTANCE = 0.5;

	/**
	 * The automatic edit region when none is given (docs/algorithm.md#automatic-edit-region): for each
	 * pair, the pixels within {@code d·AUTO_MARGIN_OF_DISTANCE + S·AUTO_MARGIN_OF_SIZE} of the segment
	 * from handle to target (d: the pair's distance, S: the picture's shorter side) — a capsule around
	 * the path, wider for longer drags and larger pictures; the union over the pairs.
	 */
	public static EditRegion around(final java.util.List<PointPair> pairs, final int width, final int height) {
		final boolean[] m = new boolean[width * height];
		final int size = Math.min(width, height);
		for (final PointPair p : pairs) {
			final double margin = margin(p, size);
			final double dx = p.targetX - p.handleX, dy = p.targetY - p.handleY, len2 = dx * dx + dy * dy;
			final int x0 = Math.max(0, (int) Math.floor(Math.min(p.handleX, p.targetX) - margin));
			final int x1 = Math.min(width - 1, (int) Math.ceil(Math.max(p.handleX, p.targetX) + margin));
			final int y0 = Math.max(0, (int) Math.floor(Math.min(p.handleY, p.targetY) - margin));
			final int y1 = Math.min(height - 1, (int) Math.ceil(Math.max(p.handleY, p.targetY) + margin));
			for (int y = y0; y <= y1; y++) {
				for (int x = x0; x <= x1; x++) {
					final double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - p.handleX) * dx + (y - p.handleY) * dy) / len2));
					if (Math.hypot(x - p.handleX - t * dx, y - p.handleY - t * dy) <= margin) m[y * width + x] = true;
				}
			}
		}
		return new EditRegion(width, height, m);
	}

	/** The distance from a pair's segment that {@link #around} lets change, in pixels of a picture whose shorter side is {@code size}. */
	public static double margin(final PointPair p, final int size) {
		return p.distance() * AUTO_MARGIN_OF_DISTANCE + size * AUTO_MARGIN_OF_SIZE;
	}

	public boolean movable(final int x, final int y) {
		return movable[y * width + x];
	}

	/** Number of pixels that may change. */
	public int count() {
		int n = 0;
		for (final boolean b : movable) if (b) n++;
		return n;
	}

	/** 1 where the picture may change, 0 where it must stay: what the drag session's mask term reads. */
	public float[] editable() {
		final float[] f = new float[movable.length];
		for (int i = 0; i < f.length; i++) f[i] = movable[i] ? 1f : 0f;
		return f;
	}

	/** A copy of the pixels (true = may change). */
	public boolean[] toArray() {
		return movable.clone();
	}

	/**
	 * This region of a source picture in the model's pixels after the picture was fitted to the
	 * model's aspect (crop or pad, then resize; {@link FitGeometry}): each model pixel takes the source
	 * pixel under its centre.
	 */
	public EditRegion toModel(final FitGeometry g) {
		final int mw = g.modelWidth, mh = g.modelHeight;
		final boolean[] out = new boolean[mw * mh];
		for (int y = 0; y < mh; y++) {
			for (int x = 0; x < mw; x++) {
				final double[] s = g.toSource(x + 0.5, y + 0.5);
				final int sx = (int) Math.floor(s[0]), sy = (int) Math.floor(s[1]);
				out[y * mw + x] = sx >= 0 && sy >= 0 && sx < width && sy < height && movable[sy * width + sx];
			}
		}
		return new EditRegion(mw, mh, out);
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof EditRegion && ((EditRegion) o).width == width && Arrays.equals(((EditRegion) o).movable, movable);
	}

	@Override
	public int hashCode() {
		return 31 * width + Arrays.hashCode(movable);
	}
}
