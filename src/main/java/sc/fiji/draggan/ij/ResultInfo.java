package sc.fiji.draggan.ij;

import java.nio.file.Path;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.model.GeneratorConfig;

import java.util.Locale;


/**
 * The text ImageJ shows in Image > Show Info for Drag GAN images (the {@code Info} property, saved
 * in TIFFs): what made the image — model file and checksum, seed or points, parameters — and the
 * words "AI-generated (Drag GAN)" / "AI-edited (Drag GAN)" (docs/algorithm.md#image-output: edited images are
 * marked as AI output).
 */
public final class ResultInfo {

	private ResultInfo() {}

	public static final String GENERATED = "AI-generated (Drag GAN)", EDITED = "AI-edited (Drag GAN)";

	static String generated(final LoadedModel m, final long seed, final double psi) {
		return generated(m, String.format(Locale.ROOT, "seed: %d\npsi: %s\n", seed, psi));
	}

	/** The Info of a generated image; {@code start} says where its latent came from (lines ending in a newline). */
	public static String generated(final LoadedModel m, final String start) {
		return "Drag GAN Generate\n" + GENERATED + "\n" + model(m.path, m.sha256, m.config, m.device.toString()) + start + "latent: w+ " +
			m.config.numWs() + "x" + m.config.wDim + " attached (" + Latent.WS_KEY + ")\n";
	}

	/** The Info of a drag's result: source, model, start, points, region, settings, outcome and both distances. */
	public static String edited(final String source, final DragOutcome o, final String mask, final String parameters) {
		final StringBuilder s = new StringBuilder("Drag GAN\n").append(EDITED).append('\n');
		s.append("source: ").append(source).append('\n');
		s.append(model(o.modelPath, o.modelSha256, o.config, o.device));
		s.append("start latent: ").append(o.start).append('\n');
		// in the result's pixels: the picture's when the frames were put back into it, else the model's
		s.append("points: ").append(DragPoints.format(o.placement != null ? o.startPoints : o.modelPoints)).append('\n');
		s.append("final points: ").append(DragPoints.format(o.placement != null ? o.finalPoints : o.finalModelPoints())).append('\n');
		if (o.placement != null) s.append("model points: ").append(DragPoints.format(o.modelPoints)).append(" (").append(o.placement.geometry).append(")\n");
		s.append("mask: ").append(mask).append('\n');
		s.append("parameters: ").append(parameters).append('\n');
		s.append("resolved: ").append(o.parameters).append('\n');
		s.append("outcome: ").append(o.verdict()).append('\n');
		if (o.drag != null) s.append(String.format(Locale.ROOT, "distances (worst pair, model px): tracked %.2f, content %.2f%n", o.trackedDistance,
			o.contentDistance));
		s.append(content(o));
		s.append("latent: final w+ ").append(o.config.numWs()).append('x').append(o.config.wDim).append(" attached (").append(Latent.WS_KEY).append(")\n");
		return s.toString();
	}

	/**
	 * The content check's lines (docs/algorithm.md#content-lag): {@code content check (model px):
	 * start 6.00, tracked 1.20, content 5.40, content moved 0.60} and, when the content lags behind
	 * the tracker, {@code warning: the tracker reached the target, but the content moved …}. Empty
	 * when no step ran.
	 */
	public static String content(final DragOutcome o) {
		if (o.content == null) return "";
		final String w = o.contentWarning();
		return String.format(Locale.ROOT, "content check (model px): start %.2f, tracked %.2f, content %.2f, content moved %.2f%n", o.content.initial,
			o.content.tracked, o.content.content, o.content.moved) + (w != null ? "warning: " + w + "\n" : "");
	}

	static String model(final Path path, final String sha256, final GeneratorConfig c, final String device) {
		return "model: " + path + "\nmodel sha256: " + sha256 + "\nmodel config: " + c.family + ", " + c.imgWidth() + "x" + c.imgHeight() + "x" + c.imgChannels +
			", z " + c.zDim + ", w " + c.wDim + ", " + c.numWs() + " ws\ndevice: " + device + "\n";
	}
}
