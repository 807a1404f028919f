package sc.fiji.draggan.cli;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.progress.Monitor;


import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import sc.fiji.draggan.ij.InputImages;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.SafetensorsBundle;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.IntensityRange;
import sc.fiji.draggan.invert.InversionListener;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionPhase;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.invert.AspectFit;
import sc.fiji.draggan.io.Npy;

/**
 * {@code draggan invert}: projects an image into the generator's latent space (W, W+, optional
 * pivotal tuning), writes the latent as .npy [1, num_ws, w_dim], optionally the reconstruction and
 * the tuned generator, and prints one JSON line with PSNR, SSIM and the time. Progress goes to
 * stderr. {@code --l1/--laplacian/--ssim} add structure terms to the MSE loss (weights, default 0).
 */
public final class InvertCommand implements Subcommand {

	@Override
	public String name() {
		return "invert";
	}

	@Override
	public String usage() {
		return "invert [--model MODEL] --image IMG --out WS.npy [--recon R.tif] [--steps N] [--space w|w+] [--pti-steps N] " +
			"[--tuned-out G.safetensors] [--seed S] [--fit crop|pad] [--range auto|display|data|type] [--slice N] [--l1 W] [--laplacian W] " +
			"[--ssim W] [--device auto|cpu|gpu]";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final Path modelFile = o.modelOrDefault();
		final Path imageFile = o.requirePath("image");
		final Path wsFile = o.requirePath("out");
		final Path reconFile = o.path("recon");
		final Path tunedFile = o.path("tuned-out");
		final InversionParameters p = options(o, new InversionParameters().ptiSteps);
		p.l1Weight = o.getDouble("l1", p.l1Weight);
		p.laplacianWeight = o.getDouble("laplacian", p.laplacianWeight);
		p.ssimWeight = o.getDouble("ssim", p.ssimWeight);
		final String space = o.get("space", "w+").trim().toLowerCase(Locale.ROOT);
		if (!space.equals("w") && !space.equals("w+")) throw new UsageException("--space must be w or w+, got '" + space + "'");
		p.wPlus = space.equals("w+");
		try {
			p.range = IntensityRange.parse(o.get("range", "auto"));
			p.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final int slice = o.getInt("slice", 0);
		final String deviceName = o.get("device", "auto");
		o.finish();
		if (!wsFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) throw new UsageException("--out must end in .npy: " + wsFile);
		OutputFiles.check(OutputFiles.named("out", wsFile, "recon", reconFile, "tuned-out", tunedFile), OutputFiles.named("image", imageFile, "model", modelFile));
		if (tunedFile != null && p.ptiSteps == 0) throw new UsageException("--tuned-out needs pivotal tuning (--pti-steps N > 0)");
		if (tunedFile != null && !tunedFile.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors"))
			throw new UsageException("--tuned-out must end in .safetensors: " + tunedFile);

		final ImagePlus imp = ImageFiles.open(imageFile);
		if (slice > 0) {
			if (slice > imp.getStackSize()) throw new UsageException("--slice " + slice + " but the image has " + imp.getStackSize() + " slices");
			imp.setSliceWithoutUpdate(slice);
		}
		final InputImage input = InputImages.fromImagePlus(imp);
		final Interruption interruption = Interruption.current();
		interruption.arm(); // Ctrl-C: stop, write the best latent found so far
		final InversionListener listener = new InversionListener() {

			@Override
			public void progress(final InversionPhase phase, final int step, final int steps, final double loss, final double psnr) {
				InvertCommand.progress(phase, step, steps, loss, psnr);
			}

			@Override
			public boolean isCancelled() {
				return interruption.requested();
			}
		};
		try (ModelRegistry registry = new ModelRegistry()) {
			ModelRegistry.exclusively(() -> {
				final LoadedModel m = registry.model(modelFile, deviceName, Monitor.NONE);
				try (InversionResult r = Inverter.invert(m.generator, input, p, listener)) {
					Npy.writeFloat32(wsFile, new long[] { 1, r.numWs, r.wDim }, r.ws);
					if (reconFile != null) {
						final ImagePlus recon = new ImagePlus(reconFile.getFileName().toString(), InputImages.toProcessor(r.reconstructionInSourceUnits(),
							r.reconstruction.width, r.reconstruction.height, input.bitDepth));
						// what made it, with the provenance words the Fiji commands write (docs/fiji-plugin.md)
						recon.setProperty("Info", "Drag GAN Invert (draggan invert)\n" + sc.fiji.draggan.ij.ResultInfo.GENERATED + "\nsource: " + imageFile +
							"\nmodel: " + m.path + "\nmodel sha256: " + m.sha256 + "\n");
						ImageFiles.save(recon, reconFile);
					}
					if (tunedFile != null && r.tuned != null) {
						SafetensorsBundle.write(tunedFile, new Checkpoint(r.tuned.config(), r.tuned.toStateDict(), m.discriminator,
							m.discriminatorKwargs, "pivotal tuning of " + modelFile.getFileName() + " on " + imageFile.getFileName()));
					}
					out.println(r.toJson());
				}
				return null;
			});
		}
		return 0;
	}

	private static void progress(final sc.fiji.draggan.invert.InversionPhase phase, final int step, final int steps, final double loss,
		final double psnr)
	{
		if (step == steps || step % 100 == 0) {
			System.err.println(String.format(Locale.ROOT, "%s step %d/%d: loss %.5f, PSNR %.2f dB", phase, step, steps, loss, psnr));
		}
	}

	/** The inversion options shared by {@code invert} and {@code drag --image}: --steps, --pti-steps, --seed, --fit. */
	static InversionParameters options(final Options o, final int defaultPtiSteps) {
		final InversionParameters p = new InversionParameters();
		p.steps = o.getInt("steps", p.steps);
		p.ptiSteps = o.getInt("pti-steps", defaultPtiSteps);
		p.seed = o.getLong("seed", p.seed);
		try {
			p.fit = AspectFit.parse(o.get("fit", "crop"));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		return p;
	}
}
