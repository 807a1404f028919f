package sc.fiji.draggan.ij;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import sc.fiji.draggan.edit.PointPair;

/**
 * Handle/target pairs from what ImageJ users have: a point selection in alternating order
 * (handle 1, target 1, handle 2, …, DragGAN's own click order), a point selection with two
 * counters (the first counter = handles, the second = targets, paired in click order), or the macro
 * string {@code points=[x1,y1>tx1,ty1;x2,y2>tx2,ty2]} (docs/fiji-plugin.md#point-strings).
 */
public final class DragPoints {

	private DragPoints() {}

	/** Parses {@code x1,y1>tx1,ty1;x2,y2>tx2,ty2} (spaces allowed), the {@code points=} macro value. */
	public static List<PointPair> parse(final String spec) {
		try {
			return PointPair.parseList(spec);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("points: " + e.getMessage());
		}
	}

	/** The {@code points=} string of some pairs. */
	public static String format(final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder();
		for (final PointPair p : pairs) {
			if (s.length() > 0) s.append(';');
			s.append(num(p.handleX)).append(',').append(num(p.handleY)).append('>').append(num(p.targetX)).append(',').append(num(p.targetY));
		}
		return s.toString();
	}

	/**
	 * The pairs of a point selection. With one counter the points alternate handle, target, handle,
	 * …; with two counters (Point Tool "Counter") the lower counter holds the handles and the higher
	 * one the targets, paired in the order they were placed.
	 */
	public static List<PointPair> fromRoi(final Roi roi) {
		if (roi == null) throw new IllegalArgumentException("no handle/target points: make a point selection (handle 1, target 1, handle 2, …) or give points=[x,y>tx,ty]");
		if (!(roi instanceof PointRoi)) throw new IllegalArgumentException("the selection is a " + roi.getTypeAsString().toLowerCase() +
			", not points: use the multi-point tool (handle 1, target 1, handle 2, …) or give points=[x,y>tx,ty]");
		final PointRoi points = (PointRoi) roi;
		final FloatPolygon poly = points.getFloatPolygon();
		final int n = poly.npoints;
		final TreeSet<Integer> counters = new TreeSet<>();
		for (int i = 0; i < n; i++) counters.add(points.getCounter(i));
		if (counters.size() > 2) throw new IllegalArgumentException("the point selection uses " + counters.size() +
			" counters; use one (alternating handle, target) or two (handles, then targets)");
		final List<PointPair> pairs = new ArrayList<>();
		if (counters.size() == 2) {
			final int hc = counters.first(), tc = counters.last();
			final List<double[]> hs = new ArrayList<>(), ts = new ArrayList<>();
			for (int i = 0; i < n; i++) (points.getCounter(i) == hc ? hs : ts).add(new double[] { poly.xpoints[i], poly.ypoints[i] });
			if (hs.size() != ts.size()) throw new IllegalArgumentException("counter " + hc + " has " + hs.size() + " handles but counter " + tc +
				" has " + ts.size() + " targets; every handle needs one target");
			for (int i = 0; i < hs.size(); i++) pairs.add(new PointPair(hs.get(i)[0], hs.get(i)[1], ts.get(i)[0], ts.get(i)[1]));
			return pairs;
		}
		if (n % 2 != 0) throw new IllegalArgumentException("the point selection has " + n + " points, but handles and targets alternate " +
			"(handle 1, target 1, handle 2, …): add the target of the last handle");
		for (int i = 0; i < n; i += 2) pairs.add(new PointPair(poly.xpoints[i], poly.ypoints[i], poly.xpoints[i + 1], poly.ypoints[i + 1]));
		return pairs;
	}

	/** A point selection in alternating order (handle, target, …), the inverse of {@link #fromRoi}. */
	public static PointRoi toRoi(final List<PointPair> pairs) {
		final float[] x = new float[2 * pairs.size()], y = new float[2 * pairs.size()];
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			x[2 * i] = (float) p.handleX;
			y[2 * i] = (float) p.handleY;
			x[2 * i + 1] = (float) p.targetX;
			y[2 * i + 1] = (float) p.targetY;
		}
		return new PointRoi(x, y, x.length);
	}

	/** Fails with the first point that lies outside a {@code width}×{@code height} image. */
	public static List<PointPair> checkInside(final List<PointPair> pairs, final int width, final int height) {
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			check("handle", i, p.handleX, p.handleY, width, height);
			check("target", i, p.targetX, p.targetY, width, height);
		}
		return Collections.unmodifiableList(new ArrayList<>(pairs));
	}

	public static String num(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString((long) v);
		String s = String.format(java.util.Locale.ROOT, "%.2f", v);
		while (s.endsWith("0")) s = s.substring(0, s.length() - 1);
		return s;
	}

	private static void check(final String what, final int i, final double x, final double y, final int w, final int h) {
		if (x < 0 || y < 0 || x > w - 1 || y > h - 1) throw new IllegalArgumentException(what + " " + (i + 1) + " (" + num(x) + "," +
			num(y) + ") lies outside the " + w + "x" + h + " image");
	}
}
