package sc.fiji.draggan.app;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.EditRegion;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.invert.SourcePlacement;
import sc.fiji.draggan.invert.FitGeometry;
import sc.fiji.draggan.io.AtomicFiles;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * What a drag gave: the recorded frames and trace ({@link #drag}, in model pixels), the final
 * latent, the pairs where they ended (in the picture's pixels), both distances of the worst pair
 * (the tracker's and the content's, docs/algorithm.md#content-distance) and how the start latent
 * was found. {@link #drag} is null when the run was cancelled while inverting.
 */
public final class DragOutcome {

	public final Path modelPath;
	public final String modelName, modelDescription, modelSha256, device;
	public final GeneratorConfig config;
	public final DragParameters.Resolved parameters;
	/** How the start latent was found ("inverted from …", "seed 3, psi 0.7", …). */
	public final String start;
	public final Inversion inversion;
	/** The picture → model fit, or null when the picture is the generator's own. */
	public final FitGeometry geometry;
	/**
	 * How the model's pictures go back into the inverted picture (its size, position and type), or
	 * null when the drag started from a latent (docs/algorithm.md#results-in-place).
	 */
	public final SourcePlacement placement;
	/** The tuned weights the drag used, or null for the model's own. */
	public final Path tunedWeights;
	public final GeneratorImage startImage;
	public final float[] startWs;
	public final DragResult drag;
	/** The pairs at the start and the end, in the picture's pixels. */
	public final List<PointPair> startPoints, finalPoints;
	/** The pairs at the start in the model's pixels (after the fit): the pixels of {@link #drag}'s frames. */
	public final List<PointPair> modelPoints;
	/** Worst pair: tracked handle to target, and where the handle's start content is found to target (px of the model). */
	public final double trackedDistance, contentDistance;
	/** Did the content follow the tracker (docs/algorithm.md#content-lag)? Null when no drag step ran (cancelled while inverting). */
	public final ContentCheck content;

	private EditRegion region;
	private boolean automaticRegion;

	/** The region the drag let change, in the model's pixels; null: the whole picture. */
	public EditRegion region() {
		return region;
	}

	/** Whether {@link #region()} is the automatic one around the pairs (docs/algorithm.md#automatic-edit-region). */
	public boolean automaticRegion() {
		return automaticRegion;
	}

	/** Set by the use case once the region is known. */
	DragOutcome withRegion(final EditRegion modelRegion, final boolean automatic) {
		this.region = modelRegion;
		this.automaticRegion = automatic;
		return this;
	}

	/** A summary of the inversion that found the start latent. */
	public static final class Inversion {
		public final double psnr, ssim, seconds;
		public final boolean tuned, cancelled;
		public final String summary;

		public Inversion(final double psnr, final double ssim, final double seconds, final boolean tuned, final boolean cancelled, final String summary) {
			this.psnr = psnr;
			this.ssim = ssim;
			this.seconds = seconds;
			this.tuned = tuned;
			this.cancelled = cancelled;
			this.summary = summary;
		}
	}

	DragOutcome(final LoadedModel m, final DragParameters.Resolved parameters, final String start, final Inversion inversion, final FitGeometry geometry,
		final SourcePlacement placement, final Path tunedWeights, final GeneratorImage startImage, final float[] startWs, final DragResult drag,
		final List<PointPair> startPoints, final List<PointPair> modelPoints, final List<PointPair> finalPoints, final double trackedDistance,
		final double contentDistance, final ContentCheck content)
	{
		this(m.path, m.device.toString(), m.describe(), m.sha256, m.config, parameters, start, inversion, geometry, placement, tunedWeights, startImage, startWs,
			drag, startPoints, modelPoints, finalPoints, trackedDistance, contentDistance, content);
	}

	/** The outcome from its parts (the use case passes its loaded model; tests build outcomes directly). */
	DragOutcome(final Path modelPath, final String device, final String modelDescription, final String modelSha256, final GeneratorConfig config,
		final DragParameters.Resolved parameters, final String start, final Inversion inversion, final FitGeometry geometry,
		final SourcePlacement placement, final Path tunedWeights, final GeneratorImage startImage, final float[] startWs, final DragResult drag,
		final List<PointPair> startPoints, final List<PointPair> modelPoints, final List<PointPair> finalPoints, final double trackedDistance, final double contentDistance, final ContentCheck content)
	{
		this.modelPath = modelPath;
		this.device = device;
		this.modelName = modelPath.getFileName().toString();
		this.modelDescription = modelDescription;
		this.modelSha256 = modelSha256;
		this.config = config;
		this.parameters = parameters;
		this.start = start;
		this.inversion = inversion;
		this.geometry = geometry;
		this.placement = placement;
		this.tunedWeights = tunedWeights;
		this.startImage = startImage;
		this.startWs = startWs;
		this.drag = drag;
		this.startPoints = Collections.unmodifiableList(new ArrayList<>(startPoints));
		this.finalPoints = Collections.unmodifiableList(new ArrayList<>(finalPoints));
		this.modelPoints = Collections.unmodifiableList(new ArrayList<>(modelPoints));
		this.trackedDistance = trackedDistance;
		this.contentDistance = contentDistance;
		this.content = content;
	}

	/** The latent the next drag starts from: the final one, or the start latent when no step ran. */
	public float[] finalWs() {
		return drag != null ? drag.ws : startWs;
	}

	/** The pairs at the end in the model's pixels. */
	public List<PointPair> finalModelPoints() {
		return drag != null ? drag.points : modelPoints;
	}

	public boolean cancelled() {
		return drag == null || drag.cancelled;
	}

	/** Whether the tracker reached the target but the content did not follow (docs/algorithm.md#content-lag). */
	public boolean contentLags() {
		return content != null && content.lags();
	}

	/** The plain-words lag warning, or null when the content followed (or no step ran). */
	public String contentWarning() {
		return content == null ? null : content.warning();
	}

	/**
	 * One line for status bars and logs: {@code converged after 12 steps; tracked 1.20 px, content
	 * 5.40 px} and, when the content lags, {@code ; the tracker reached the target, but the content
	 * moved 0.6 of 6.0 px (5.4 px from the target)}. Distances of the reported pair, model pixels.
	 */
	public String report() {
		if (content == null) return verdict();
		final String w = content.warning();
		return verdict() + "; " + content.distances() + (w != null ? "; " + w : "");
	}

	/**
	 * The trace with the outcome: the per-step record ({@link sc.fiji.draggan.edit.DragTrace#toJson})
	 * plus the final distances of the reported pair — {@code initial_distance_px},
	 * {@code final_distance_px} (tracked), {@code content_distance_px}, {@code content_moved_px} —
	 * {@code content_lags} and, when it lags, {@code warning}. Null when no step ran.
	 */
	public JsonObject traceJson() {
		if (drag == null) return null;
		final JsonObject j = drag.trace.toJson();
		if (content != null) {
			j.addProperty("initial_distance_px", round(content.initial));
			j.addProperty("final_distance_px", round(content.tracked));
			j.addProperty("content_distance_px", round(content.content));
			j.addProperty("content_moved_px", round(content.moved));
			j.addProperty("content_lags", content.lags());
			if (content.lags()) j.addProperty("warning", content.warning());
		}
		return j;
	}

	private static double round(final double v) {
		return Math.round(v * 1000) / 1000.0;
	}

	/** Writes {@link #traceJson} (pretty-printed, atomically). */
	public void writeTrace(final Path file) throws java.io.IOException {
		final byte[] json = new GsonBuilder().setPrettyPrinting().create().toJson(traceJson()).getBytes(StandardCharsets.UTF_8);
		AtomicFiles.write(file, json);
	}

	public boolean converged() {
		return drag != null && drag.converged;
	}

	public int steps() {
		return drag == null ? 0 : drag.trace.steps().size();
	}

	/** {@code converged after 12 steps} / {@code step limit after 300 steps} / {@code cancelled …}. */
	public String verdict() {
		if (drag == null) return "cancelled while inverting, no drag step";
		final int n = steps();
		return (drag.cancelled ? "cancelled" : drag.converged ? "converged" : "step limit") + " after " + n + " step" + (n == 1 ? "" : "s");
	}
}
