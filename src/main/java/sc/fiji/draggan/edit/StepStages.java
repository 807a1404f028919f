package sc.fiji.draggan.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wall time of the stages of drag steps (docs/design.md#step-time), for {@code bench drag}: off unless a
 * session is given one ({@link DragSession#timeStages}). It only reads the clock between stages; on
 * the CPU every libtorch operation has finished when it returns, so the boundaries are exact there.
 */
public final class StepStages {

	/** The stages of one step, in their order (docs/algorithm.md#one-drag-step). */
	public enum Stage {
		/** Synthesis blocks up to the feature block (with their part of the image). */
		FORWARD_TO_FEATURES("forward to features"),
		/** The blocks after the feature block and the image (recorded steps only). */
		REST_OF_SYNTHESIS("rest of synthesis"),
		/** The image to a frame on the Java heap (recorded steps only). */
		FRAME("frame"),
		/** References (first step) and point tracking. */
		TRACKING("tracking"),
		/** Motion supervision and mask term. */
		LOSS("loss"),
		BACKWARD("backward"),
		/** The finite-gradient check and the Adam update. */
		ADAM("adam");

		public final String label;

		Stage(final String label) {
			this.label = label;
		}
	}

	private final Map<Stage, List<Double>> millis = new EnumMap<>(Stage.class);
	private long mark;
	private int skip;

	/**
	 * @param skipSteps steps not recorded at the start (warm-up)
	 */
	public StepStages(final int skipSteps) {
		for (final Stage s : Stage.values()) millis.put(s, new ArrayList<>());
		skip = skipSteps;
	}

	/** A step starts now. */
	void start() {
		mark = System.nanoTime();
	}

	/** {@code stage} ended now (it began at the previous mark). */
	void end(final Stage stage) {
		final long now = System.nanoTime();
		if (skip <= 0) millis.get(stage).add((now - mark) / 1e6);
		mark = now;
	}

	/** Skips the clock between the previous mark and now (work that is no stage). */
	void restart() {
		mark = System.nanoTime();
	}

	/** The step is over. */
	void stepDone() {
		if (skip > 0) skip--;
	}

	/** Median milliseconds of a stage over the steps that ran it, or NaN. */
	public double median(final Stage s) {
		final List<Double> v = new ArrayList<>(millis.get(s));
		if (v.isEmpty()) return Double.NaN;
		Collections.sort(v);
		final int n = v.size();
		return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
	}

	/** How many steps ran a stage (after the skipped ones). */
	public int count(final Stage s) {
		return millis.get(s).size();
	}

	/** {@code forward to features 812 ms, rest of synthesis 402 ms (10×), …}: medians per stage. */
	public String summary() {
		final StringBuilder b = new StringBuilder();
		for (final Stage s : Stage.values()) {
			if (count(s) == 0) continue;
			if (b.length() > 0) b.append(", ");
			b.append(String.format(Locale.ROOT, "%s %.0f ms (%d×)", s.label, median(s), count(s)));
		}
		return b.toString();
	}
}
