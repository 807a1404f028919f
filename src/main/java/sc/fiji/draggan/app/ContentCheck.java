package sc.fiji.draggan.app;

import java.util.Locale;

/**
 * Did the picture follow the tracker? The one rule for every entry point
 * (docs/algorithm.md#content-lag): a drag whose tracker reached the target (the stop rule held)
 * <em>lags</em> when the handle's content is still more than max({@value #MIN_LAG_PX} px,
 * {@value #LAG_FRACTION} × the start distance) from the target. Holds the numbers of one pair,
 * in model pixels: the lagging pair with the largest excess, or else the pair whose content ended
 * farthest from its target.
 */
public final class ContentCheck {

	/** A content distance up to this many pixels never counts as lagging (the content distance's own accuracy is well below it). */
	public static final double MIN_LAG_PX = 3;
	/** A content distance above this fraction of the start distance counts as lagging (above {@link #MIN_LAG_PX}). */
	public static final double LAG_FRACTION = 0.5;

	/** Whether the tracker says every handle reached its target (the drag converged). */
	public final boolean trackerReached;
	/** Handle to target at the start; tracked handle to target at the end; content to target at the end; how far the content moved from the handle's start. */
	public final double initial, tracked, content, moved;

	public ContentCheck(final boolean trackerReached, final double initial, final double tracked, final double content, final double moved) {
		this.trackerReached = trackerReached;
		this.initial = initial;
		this.tracked = tracked;
		this.content = content;
		this.moved = moved;
	}

	/** The content distance above which a pair with start distance {@code initial} lags: max(3 px, 0.5·initial). */
	public static double allowedLag(final double initial) {
		return Math.max(MIN_LAG_PX, LAG_FRACTION * initial);
	}

	/** The rule: the tracker reached the target but the content is more than {@link #allowedLag} from it. */
	public static boolean lags(final boolean trackerReached, final double initial, final double content) {
		return trackerReached && content > allowedLag(initial);
	}

	public boolean lags() {
		return lags(trackerReached, initial, content);
	}

	/** How far beyond the allowed lag the content is (negative when within). */
	double excess() {
		return content - allowedLag(initial);
	}

	/** Of two pairs' checks, the one to report: a lagging one over one that is not, then the larger excess / content distance. */
	static ContentCheck worse(final ContentCheck a, final ContentCheck b) {
		if (a == null) return b;
		if (a.lags() != b.lags()) return a.lags() ? a : b;
		if (a.lags()) return b.excess() > a.excess() ? b : a;
		return b.content > a.content ? b : a;
	}

	/** {@code the tracker reached the target, but the content moved 0.6 of 6.0 px (5.4 px from the target)}, or null when it does not lag. */
	public String warning() {
		if (!lags()) return null;
		return String.format(Locale.ROOT, "the tracker reached the target, but the content moved %.1f of %.1f px (%.1f px from the target)", moved,
			initial, content);
	}

	/** {@code tracked 1.20 px, content 5.40 px} (to the target). */
	public String distances() {
		return String.format(Locale.ROOT, "tracked %.2f px, content %.2f px", tracked, content);
	}

	@Override
	public String toString() {
		final String w = warning();
		return distances() + (w != null ? "; " + w : "");
	}
}
