package sc.fiji.draggan.ij;
import sc.fiji.draggan.app.LoadedModel;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.ImagePlus;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.SafetensorsBundle;
import sc.fiji.draggan.model.Generator;

/**
 * The pivotal-tuning copy of a generator that belongs to an image (docs/algorithm.md#pivotal-tuning: the drag of that image
 * then uses the tuned copy): written by {@code Drag GAN Invert...} as a Drag GAN bundle in a
 * temporary folder (deleted when ImageJ quits; the original model file is never touched), its path
 * kept in the image property {@link #KEY} (saved in TIFFs like the latent). Drags of that image
 * load it through the model registry and pass the property on to their result.
 */
public final class TunedWeights {

	private TunedWeights() {}

	/** Image property: absolute path of the tuned generator (.safetensors). */
	public static final String KEY = "DragGAN.tuned_model";

	/** Writes {@code tuned} (a copy of {@code base}'s generator) to a new temporary bundle and returns its path. */
	static Path write(final Generator tuned, final LoadedModel base, final String imageTitle) throws IOException {
		final Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "draggan-tuned");
		Files.createDirectories(dir);
		final Path file = Files.createTempFile(dir, base.sha256.substring(0, 12) + "-", ".safetensors");
		file.toFile().deleteOnExit();
		SafetensorsBundle.write(file, new Checkpoint(tuned.config(), tuned.toStateDict(), null, null, "pivotal tuning of " + base.path.getFileName() +
			" (sha256 " + base.sha256 + ") on '" + imageTitle + "'"));
		return file;
	}

	/** Attaches a tuned generator's path to an image; null removes it (e.g. a new inversion without tuning). */
	public static void attach(final ImagePlus imp, final Path file) {
		imp.setProp(KEY, file == null ? null : file.toAbsolutePath().toString());
	}

	/** The tuned generator's path attached to an image, or null. */
	public static Path of(final ImagePlus imp) {
		final String s = imp.getProp(KEY);
		return s == null || s.trim().isEmpty() ? null : Paths.get(s.trim());
	}
}
