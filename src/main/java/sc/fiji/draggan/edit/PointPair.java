package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One handle point and the target it should be dragged to, in pixels of the generator image:
 * {@code x} = column, {@code y} = row (ImageJ's convention; the official code stores [row, col]).
 * Values are real; the session rounds handles to the nearest pixel as the official code does.
 */
public final class PointPair {

	public final double handleX, handleY, targetX, targetY;

	public PointPair(final double handleX, final double handleY, final double targetX, final double targetY) {
		this.handleX = handleX;
		this.handleY = handleY;
		this.targetX = targetX;
		this.targetY = targetY;
	}

	/**
	 * Parses {@code "x1,y1>tx1,ty1;x2,y2>tx2,ty2"} (spaces allowed).
	 *
	 * @throws IllegalArgumentException naming the malformed part
	 */
	public static List<PointPair> parseList(final String text) {
		if (text == null || text.trim().isEmpty()) throw new IllegalArgumentException(
			"no points given: expected \"x1,y1>tx1,ty1;x2,y2>tx2,ty2\"");
		final List<PointPair> pairs = new ArrayList<>();
		for (final String part : text.split(";")) {
			if (part.trim().isEmpty()) continue;
			final String[] ends = part.split(">");
			if (ends.length != 2) throw new IllegalArgumentException("point pair '" + part.trim() +
				"' must look like x,y>tx,ty (a handle, '>', and its target)");
			final double[] h = xy(ends[0], part), t = xy(ends[1], part);
			pairs.add(new PointPair(h[0], h[1], t[0], t[1]));
		}
		if (pairs.isEmpty()) throw new IllegalArgumentException("no points given: expected \"x1,y1>tx1,ty1;...\"");
		return Collections.unmodifiableList(pairs);
	}

	/**
	 * Pairs from a flat list of points alternating handle, target, handle, target … (the order in
	 * which a user clicks them).
	 *
	 * @throws IllegalArgumentException for an empty or odd list
	 */
	public static List<PointPair> fromAlternating(final double[] xs, final double[] ys) {
		if (xs.length != ys.length) throw new IllegalArgumentException("as many x as y coordinates are needed");
		if (xs.length == 0) throw new IllegalArgumentException("no points given: place a handle and its target");
		if (xs.length % 2 != 0) throw new IllegalArgumentException("odd number of points (" + xs.length +
			"): every handle needs a target");
		final List<PointPair> pairs = new ArrayList<>();
		for (int i = 0; i < xs.length; i += 2) pairs.add(new PointPair(xs[i], ys[i], xs[i + 1], ys[i + 1]));
		return Collections.unmodifiableList(pairs);
	}

	/** @throws IllegalArgumentException if a handle or target lies outside a width × height image */
	public static void checkInside(final List<PointPair> pairs, final int width, final int height) {
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			check(p.handleX, p.handleY, "handle", i, width, height);
			check(p.targetX, p.targetY, "target", i, width, height);
		}
	}

	private static void check(final double x, final double y, final String what, final int i, final int width,
		final int height)
	{
		// the session rounds to the nearest pixel; what rounds into [0, size-1] is inside
		if (!(Math.rint(x) >= 0 && Math.rint(x) <= width - 1 && Math.rint(y) >= 0 && Math.rint(y) <= height - 1))
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"%s %d at (x=%s, y=%s) lies outside the %dx%d image", what, i + 1, fmt(x), fmt(y), width, height));
	}

	private static double[] xy(final String s, final String part) {
		final String[] c = s.trim().split(",");
		if (c.length != 2) throw new IllegalArgumentException("point '" + s.trim() + "' in '" + part.trim() +
			"' must be two numbers x,y");
		try {
			final double x = Double.parseDouble(c[0].trim()), y = Double.parseDouble(c[1].trim());
			if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y))
				throw new NumberFormatException();
			return new double[] { x, y };
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("point '" + s.trim() + "' in '" + part.trim() + "' is not two numbers x,y");
		}
	}

	static String fmt(final double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	/** Distance from the handle to its target in pixels. */
	public double distance() {
		return Math.hypot(targetX - handleX, targetY - handleY);
	}

	/** {@code d=4.1, 2.0}: each handle's distance to its target, one decimal. */
	public static String distances(final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder("d=");
		for (int i = 0; i < pairs.size(); i++) {
			if (i > 0) s.append(", ");
			s.append(String.format(Locale.ROOT, "%.1f", pairs.get(i).distance()));
		}
		return s.toString();
	}

	/** The same target with the handle moved to ({@code x}, {@code y}). */
	public PointPair withHandle(final double x, final double y) {
		return new PointPair(x, y, targetX, targetY);
	}

	@Override
	public String toString() {
		return fmt(handleX) + "," + fmt(handleY) + ">" + fmt(targetX) + "," + fmt(targetY);
	}
}
