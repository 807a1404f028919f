package sc.fiji.draggan.ij;

import java.util.List;
import java.util.Locale;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.PointPair;

/**
 * The text ImageJ shows in Image > Show Info for Drag GAN images (the {@code Info} property, saved
 * in TIFFs): what made the image — model file and checksum, seed or points, parameters — and the
 * words "AI-generated (Drag GAN)" / "AI-edited (Drag GAN)" (spec §1.10, §8: edited images are
 * marked as AI output).
 */
public final class ResultInfo {

	private ResultInfo() {}

	public static final String GENERATED = "AI-generated (Drag GAN)", EDITED = "AI-edited (Drag GAN)";

	static String generated(final ModelCache.Loaded m, final long seed, final double psi) {
		return "Drag GAN Generate\n" + GENERATED + "\n" + model(m) + String.format(Locale.ROOT, "seed: %d\npsi: %s\n", seed, psi) +
			"latent: w+ " + m.config.numWs() + "x" + m.config.wDim + " attached (" + Latent.WS_KEY + ")\n";
	}

	public static String edited(final String source, final ModelCache.Loaded m, final List<PointPair> points, final List<PointPair> finalPoints,
		final String mask, final String parameters, final DragParameters.Resolved resolved, final String outcome, final String start)
	{
		final StringBuilder s = new StringBuilder("Drag GAN\n").append(EDITED).append('\n');
		s.append("source: ").append(source).append('\n');
		s.append(model(m));
		s.append("start latent: ").append(start).append('\n');
		s.append("points: ").append(DragPoints.format(points)).append('\n');
		s.append("final points: ").append(DragPoints.format(finalPoints)).append('\n');
		s.append("mask: ").append(mask).append('\n');
		s.append("parameters: ").append(parameters).append('\n');
		s.append("resolved: ").append(resolved).append('\n');
		s.append("outcome: ").append(outcome).append('\n');
		s.append("latent: final w+ ").append(m.config.numWs()).append('x').append(m.config.wDim).append(" attached (").append(Latent.WS_KEY).append(")\n");
		return s.toString();
	}

	static String model(final ModelCache.Loaded m) {
		return "model: " + m.path + "\nmodel sha256: " + m.sha256 + "\nmodel config: " + m.config.family + ", " + m.config.imgWidth() + "x" + m.config.imgHeight() + "x" +
			m.config.imgChannels + ", z " + m.config.zDim + ", w " + m.config.wDim + ", " + m.config.numWs() + " ws\ndevice: " + m.device + "\n";
	}
}
