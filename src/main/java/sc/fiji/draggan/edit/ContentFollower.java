package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.draggan.eval.ContentDistance;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * The stop rule "the content must follow" (docs/algorithm.md#following-the-content). The feature
 * tracker can reach a target while the picture under the handle stays behind: inside a flat object
 * (a nucleus) the features look alike, and the nearest neighbour slides ahead. After every step the
 * handle's content (its patch in the first picture, {@link ContentDistance#find}) is looked up in the
 * current picture. A drag stops only when the tracker and every content are within the stop distance;
 * when the tracker says "reached" but a content is not, that handle is put where its content is (its
 * reference feature is taken again there) and motion supervision goes on from there. Matches below
 * {@link #MIN_NCC} (the content changed shape rather than moved) are not trusted: the tracker decides.
 */
final class ContentFollower {

	/** Normalised cross-correlation below which a content match is not trusted. */
	static final double MIN_NCC = 0.8;

	private final List<PointPair> start;
	private final double stopDistance;
	/** The first picture, smoothed for the content match. */
	private float[] first;
	private int width, height;

	ContentFollower(final List<PointPair> start, final double stopDistance) {
		this.start = new ArrayList<>(start);
		this.stopDistance = stopDistance;
	}

	/** @return whether every trusted content is within the stop distance (false at the first picture, which is the start) */
	boolean check(final DragSession session, final GeneratorImage image) {
		if (image == null) return true;
		// smoothed once per picture: the first is matched at every step, the current one for every pair
		final float[] grey = ContentDistance.smoothed(image.grey(), image.width, image.height);
		if (first == null) {
			first = grey;
			width = image.width;
			height = image.height;
			return false;
		}
		final List<PointPair> now = session.points();
		final List<PointPair> next = new ArrayList<>(now);
		boolean allThere = true, trackerThere = true;
		for (int j = 0; j < start.size(); j++) {
			final PointPair p0 = start.get(j), p = now.get(j);
			if (p.distance() > stopDistance) trackerThere = false;
			final double[] c = ContentDistance.findSmoothed(first, grey, width, height, (int) Math.rint(p0.handleX), (int) Math.rint(p0.handleY),
				p0.targetX, p0.targetY);
			if (c[2] >= MIN_NCC && Math.hypot(c[0] - p.targetX, c[1] - p.targetY) > stopDistance) {
				allThere = false;
				next.set(j, p.withHandle(Math.max(0, Math.min(width - 1, Math.rint(c[0]))), Math.max(0, Math.min(height - 1, Math.rint(c[1])))));
			}
		}
		if (trackerThere && !allThere) session.setPoints(next);
		return allThere;
	}
}
