package sc.fiji.draggan.ij;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ai.djl.Device;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorConfig;

/** The text of {@code Drag GAN Info}: plugin and engine versions, devices, natives, model configuration. */
public final class EngineInfo {

	private EngineInfo() {}

	public static String describe(final Path model, final String deviceChoice) throws Exception {
		return Djl.withClassLoader(() -> {
			final StringBuilder s = new StringBuilder();
			s.append("Drag GAN for Fiji ").append(version()).append('\n');
			s.append("java: ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("os.name")).append(' ')
				.append(System.getProperty("os.arch")).append(")\n");
			s.append(Djl.describe()).append('\n');
			Device d;
			String used;
			try {
				d = Djl.device(deviceChoice);
				used = d.toString();
			}
			catch (final IllegalArgumentException e) {
				used = "none (" + e.getMessage() + ")";
			}
			s.append("device=").append(deviceChoice).append(" uses: ").append(used).append('\n');
			s.append("max heap: ").append(Runtime.getRuntime().maxMemory() >> 20).append(" MB\n");
			if (model != null) s.append(modelInfo(model));
			return s.toString();
		});
	}

	static String modelInfo(final Path model) throws Exception {
		final Checkpoint cp = ModelLoader.load(model);
		final GeneratorConfig c = cp.generatorConfig();
		final long params = cp.generator().numParameters();
		return String.format(Locale.ROOT, "model: %s (%d MB)%nmodel sha256: %s%nmodel: %s, %dx%d, %d channel%s, z %d, w %d, %d ws, c %d, %s, %d tensors, %.2f M parameters%n" +
			"model config: %s%n", model.toAbsolutePath(), Files.size(model) >> 20, sc.fiji.draggan.app.ModelRegistry.sha256(model), c.family, c.imgWidth(), c.imgHeight(), c.imgChannels,
			c.imgChannels == 1 ? "" : "s", c.zDim, c.wDim, c.numWs(), c.cDim, c.architecture, cp.generator().size(), params / 1e6, c.toJson());
	}

	/** The plugin version from the jar manifest, or "(development build)". */
	public static String version() {
		final String v = EngineInfo.class.getPackage().getImplementationVersion();
		return v != null ? v : "(development build)";
	}
}
