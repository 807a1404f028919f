package sc.fiji.draggan.ij;

import java.util.Locale;

/**
 * One handle point and the target it should be dragged to, in image pixel coordinates
 * ({@code x} = column, {@code y} = row, as ImageJ shows them).
 */
public final class PointPair {

	public final double handleX, handleY, targetX, targetY;

	public PointPair(final double handleX, final double handleY, final double targetX, final double targetY) {
		this.handleX = handleX;
		this.handleY = handleY;
		this.targetX = targetX;
		this.targetY = targetY;
	}

	/** Euclidean handle–target distance in pixels. */
	public double distance() {
		return Math.hypot(targetX - handleX, targetY - handleY);
	}

	/** The same target with the handle moved (the tracked position after a drag step). */
	public PointPair withHandle(final double x, final double y) {
		return new PointPair(x, y, targetX, targetY);
	}

	/** {@code x,y>tx,ty}, the {@code points=} syntax of the macros. */
	@Override
	public String toString() {
		return num(handleX) + "," + num(handleY) + ">" + num(targetX) + "," + num(targetY);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof PointPair)) return false;
		final PointPair p = (PointPair) o;
		return handleX == p.handleX && handleY == p.handleY && targetX == p.targetX && targetY == p.targetY;
	}

	@Override
	public int hashCode() {
		return java.util.Arrays.hashCode(new double[] { handleX, handleY, targetX, targetY });
	}

	/** A coordinate without trailing zeros: {@code 30}, {@code 30.5}, {@code 30.25}. */
	static String num(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		String s = String.format(Locale.ROOT, "%.2f", v);
		while (s.endsWith("0")) s = s.substring(0, s.length() - 1);
		return s;
	}
}
