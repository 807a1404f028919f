package sc.fiji.draggan.edit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The per-step record of a drag run, written as
 * {@code {"steps": [{"step", "points": [[x, y], ...], "loss_motion", "loss_mask", "loss_total",
 * "stop", "ms"}, ...], "converged": b}}: points are the handles after tracking at that step (before
 * its update), loss_mask is the unweighted mean L1, loss_total = motion + λ·mask.
 */
public final class DragTrace {

	private final List<StepResult> steps = new ArrayList<>();
	private boolean converged;

	void add(final StepResult r) {
		steps.add(r.withoutImage());
	}

	void setConverged(final boolean c) {
		converged = c;
	}

	public List<StepResult> steps() {
		return Collections.unmodifiableList(steps);
	}

	public boolean converged() {
		return converged;
	}

	public JsonObject toJson() {
		final JsonObject root = new JsonObject();
		final JsonArray arr = new JsonArray();
		for (final StepResult r : steps) {
			final JsonObject o = new JsonObject();
			o.addProperty("step", r.step);
			final JsonArray pts = new JsonArray();
			for (final double[] p : r.points) {
				final JsonArray xy = new JsonArray();
				xy.add(number(p[0]));
				xy.add(number(p[1]));
				pts.add(xy);
			}
			o.add("points", pts);
			o.addProperty("loss_motion", r.lossMotion);
			o.addProperty("loss_mask", r.lossMask);
			o.addProperty("loss_total", r.lossTotal);
			o.addProperty("stop", r.stop);
			o.addProperty("ms", Math.round(r.millis * 1000) / 1000.0);
			arr.add(o);
		}
		root.add("steps", arr);
		root.addProperty("converged", converged);
		return root;
	}

	private static Number number(final double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) Long.valueOf((long) v) : (Number) Double.valueOf(v);
	}

	public void write(final Path file) throws IOException {
		final byte[] json = new GsonBuilder().setPrettyPrinting().create().toJson(toJson()).getBytes(StandardCharsets.UTF_8);
		sc.fiji.draggan.io.AtomicFiles.write(file, json);
	}
}
