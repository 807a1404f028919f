package sc.fiji.draggan.ij;

import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.InversionListener;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionPhase;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * {@code Drag GAN Invert...} on the ImageJ side: inverts the current slice of an image (the invert
 * package does the work), attaches the latent to the image together with how it was fitted to the
 * model ({@link #FIT_KEY}, {@link #SLICE_KEY}) and the path of the tuned generator copy
 * ({@link TunedWeights}), and returns the reconstruction as a new image that carries the same latent
 * and tuned weights, with PSNR and SSIM in its Info. A cancel keeps the best latent found so far.
 */
public final class InvertOperation {

	private InvertOperation() {}

	/** Image properties: how the image was fitted to the model's picture (crop|pad) and which slice was inverted. */
	public static final String FIT_KEY = "DragGAN.fit", SLICE_KEY = "DragGAN.slice";

	/** What an inversion gave. */
	public static final class Outcome {
		public final ImagePlus reconstruction;
		public final double psnr, ssim, seconds;
		public final Path tuned;
		public final boolean cancelled;
		/** One line for the Log. */
		public final String summary;

		Outcome(final ImagePlus reconstruction, final double psnr, final double ssim, final double seconds, final Path tuned, final boolean cancelled,
			final String summary)
		{
			this.reconstruction = reconstruction;
			this.psnr = psnr;
			this.ssim = ssim;
			this.seconds = seconds;
			this.tuned = tuned;
			this.cancelled = cancelled;
			this.summary = summary;
		}
	}

	public static Outcome run(final ImagePlus image, final Path model, final InversionParameters p, final String device, final ModelRegistry registry, final RunMonitor monitor)
		throws Exception
	{
		if (image == null) throw new IllegalArgumentException("no image to invert: open one first");
		p.validate();
		final InputImage input = InputImages.fromImagePlus(image);
		final int slice = image.getCurrentSlice();
		return ModelRegistry.exclusively(() -> {
			final LoadedModel m = registry.model(model, device, monitor);
			final GeneratorConfig c = m.config;
			monitor.status(String.format(Locale.ROOT, "inverting '%s'%s with %s (%d steps %s, %d tuning steps)", image.getTitle(),
				image.getStackSize() > 1 ? " slice " + slice : "", m.describe(), p.steps, p.wPlus ? "w+" : "w", p.ptiSteps));
			try (InversionResult r = Inverter.invert(m.generator, input, p, listener(image.getTitle(), monitor))) {
				final Path tuned = r.tuned != null ? TunedWeights.write(r.tuned, m, image.getTitle()) : null;
				final Latent latent = new Latent(c.numWs(), c.wDim, r.ws, m.sha256);
				final String summary = summary(image.getTitle(), r);
				// the source image: latent, fit and slice, tuned weights (or none: an older tuning no longer matches this latent)
				latent.attachTo(image);
				image.setProp(FIT_KEY, p.fit.name().toLowerCase(Locale.ROOT));
				image.setProp(SLICE_KEY, image.getStackSize() > 1 ? Integer.toString(slice) : null);
				TunedWeights.attach(image, tuned);
				// the reconstruction: the model's picture (H x W), in the source's type and intensities
				final ImageProcessor ip = InputImages.toProcessor(r.reconstructionInSourceUnits(), c.imgWidth(), c.imgHeight(), input.bitDepth);
				if (!input.isRgb() && input.bitDepth != InputImage.GREY8) ip.setMinAndMax(input.displayMin, input.displayMax);
				final ImagePlus recon = new ImagePlus(titleFor(image.getTitle()), ip);
				latent.attachTo(recon);
				TunedWeights.attach(recon, tuned);
				recon.setProperty("Info", info(image.getTitle(), slice, m, p, r, tuned));
				monitor.done();
				monitor.status(summary);
				return new Outcome(recon, r.psnr, r.ssim, r.seconds, tuned, r.cancelled, summary);
			}
		});
	}

	static InversionListener listener(final String title, final RunMonitor monitor) {
		return new InversionListener() {

			@Override
			public void progress(final InversionPhase phase, final int step, final int steps, final double loss, final double psnr) {
				monitor.progress(step, steps, String.format(Locale.ROOT, "inverting '%s' (%s) step %d/%d, PSNR %.1f dB", title, phase, step, steps, psnr));
			}

			@Override
			public boolean isCancelled() {
				return monitor.isCancelled();
			}
		};
	}

	/** {@code <title> (Drag GAN inversion)} */
	static String titleFor(final String title) {
		return title + " (Drag GAN inversion)";
	}

	static String summary(final String title, final InversionResult r) {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "'%s' inverted: PSNR %.2f dB, SSIM %.4f", title, r.psnr, r.ssim));
		for (final Map.Entry<InversionPhase, Double> e : r.phasePsnr.entrySet()) s.append(String.format(Locale.ROOT, ", %s %.2f dB", e.getKey(), e.getValue()));
		s.append(String.format(Locale.ROOT, ", %.1f s", r.seconds));
		if (r.cancelled) s.append(" (cancelled: best latent so far)");
		return s.toString();
	}

	static String info(final String source, final int slice, final LoadedModel m, final InversionParameters p, final InversionResult r,
		final Path tuned)
	{
		final StringBuilder s = new StringBuilder("Drag GAN Invert\n").append(ResultInfo.GENERATED).append('\n');
		s.append("source: ").append(source).append(slice > 1 ? " (slice " + slice + ")" : "").append('\n');
		s.append(ResultInfo.model(m.path, m.sha256, m.config, m.device.toString()));
		s.append("fit: ").append(r.prepared.geometry).append('\n');
		s.append(String.format(Locale.ROOT, "parameters: steps=%d space=%s pti_steps=%d seed=%d fit=%s\n", p.steps, p.wPlus ? "w+" : "w", p.ptiSteps, p.seed,
			p.fit.name().toLowerCase(Locale.ROOT)));
		s.append(String.format(Locale.ROOT, "psnr: %.2f dB\nssim: %.4f\n", r.psnr, r.ssim));
		for (final Map.Entry<InversionPhase, Double> e : r.phasePsnr.entrySet()) {
			s.append(String.format(Locale.ROOT, "psnr after %s: %.2f dB\n", e.getKey(), e.getValue()));
		}
		s.append(String.format(Locale.ROOT, "seconds: %.1f\n", r.seconds));
		if (r.cancelled) s.append("cancelled: the latent is the best found until then\n");
		s.append("tuned generator: ").append(tuned != null ? tuned + " (temporary; the model file is unchanged)" : "none").append('\n');
		s.append("latent: w+ ").append(r.numWs).append('x').append(r.wDim).append(" attached (").append(Latent.WS_KEY).append(")\n");
		return s.toString();
	}
}
