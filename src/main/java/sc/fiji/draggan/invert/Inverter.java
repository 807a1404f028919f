package sc.fiji.draggan.invert;

import java.util.EnumMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * Inversion of a real image into a generator's latent space in one call: pre-processing
 * ({@link ImagePreparation}), projection into W then W+ ({@link Projector}), optional pivotal tuning
 * of a generator copy ({@link PivotalTuning}), and the final reconstruction with PSNR and SSIM. No
 * pretrained network besides the generator is used. The original generator is left unchanged.
 * <p>
 * DJL allows one gradient recording at a time per process: do not run an inversion and a drag at
 * the same time.
 */
public final class Inverter {

	private Inverter() {}

	/** Prepares {@code image} for the generator and inverts it. */
	public static InversionResult invert(final Generator generator, final InputImage image, final InversionParameters params,
		final InversionListener listener)
	{
		params.validate();
		final GeneratorConfig cfg = generator.config();
		final PreparedImage prepared = ImagePreparation.prepare(image, cfg.imgChannels, cfg.imgWidth(), cfg.imgHeight(), params.fit, params.range);
		return invert(generator, prepared, params, listener);
	}

	/** Inverts an already prepared image (of the generator's channels and picture size). */
	public static InversionResult invert(final Generator generator, final PreparedImage prepared, final InversionParameters params,
		final InversionListener listener)
	{
		params.validate();
		final GeneratorConfig cfg = generator.config();
		if (prepared.channels != cfg.imgChannels || prepared.width != cfg.imgWidth() || prepared.height != cfg.imgHeight()) {
			throw new IllegalArgumentException("the image was prepared as " + prepared.channels + "x" + prepared.height + "x" + prepared.width +
				" but the model makes " + cfg.imgChannels + "x" + cfg.imgHeight() + "x" + cfg.imgWidth());
		}
		final InversionListener l = listener != null ? listener : InversionListener.NONE;
		final long t0 = System.nanoTime();
		final int numWs = cfg.numWs(), wDim = cfg.wDim;
		final Map<InversionPhase, Double> phasePsnr = new EnumMap<>(InversionPhase.class);
		Generator tuned = null;
		try (NDManager work = generator.manager().newSubManager()) {
			final ReconstructionLoss loss = new ReconstructionLoss(prepared, params.lossWeights(), work);
			final LatentStats stats = LatentStats.estimate(generator, params.statsSamples, params.seed, work);
			final Projector projector = new Projector(generator, loss, params, l);
			float[] ws = projector.projectW(projector.chooseStarts(stats, params.startCandidates, params.wStarts, work), stats, params.wSteps(),
				params.probeSteps(), work);
			if (params.wSteps() > 0) phasePsnr.put(InversionPhase.W, quality(render(generator, ws, work), prepared)[0]);
			if (params.wPlus && params.wPlusSteps() > 0 && !projector.cancelled()) {
				ws = projector.projectWPlus(ws, stats, params.wPlusSteps(), work);
				phasePsnr.put(InversionPhase.W_PLUS, quality(render(generator, ws, work), prepared)[0]);
			}
			boolean cancelled = projector.cancelled();
			if (params.ptiSteps > 0 && !cancelled) {
				final PivotalTuning.Tuned t = PivotalTuning.tune(generator, ws, loss, params, l, generator.manager(), work);
				tuned = t.generator;
				cancelled = t.cancelled;
			}
			final float[] recon = render(tuned != null ? tuned : generator, ws, work);
			final double[] q = quality(recon, prepared);
			if (tuned != null) phasePsnr.put(InversionPhase.PTI, q[0]);
			final GeneratorImage image = new GeneratorImage(cfg.imgChannels, cfg.imgHeight(), cfg.imgWidth(), recon);
			return new InversionResult(ws, numWs, wDim, tuned, q[0], q[1], phasePsnr, image, prepared, (System.nanoTime() - t0) / 1e9, cancelled);
		}
		catch (final RuntimeException | Error e) {
			if (tuned != null) tuned.close();
			throw e;
		}
	}

	/** The image of {@code ws} [numWs * wDim] with constant noise, on the heap (CHW). */
	static float[] render(final Generator g, final float[] ws, final NDManager work) {
		final GeneratorConfig cfg = g.config();
		try (NDManager m = work.newSubManager()) {
			final NDArray w = m.create(ws, new Shape(1, cfg.numWs(), cfg.wDim));
			return g.synthesis(w, SynthesisOptions.imageOnly()).image().toFloatArray();
		}
	}

	/** {PSNR, SSIM} of a reconstruction against the prepared image. */
	static double[] quality(final float[] recon, final PreparedImage target) {
		return new double[] { ImageMetrics.psnr(recon, target.data, target.channels, target.pixels(), target.mask),
			ImageMetrics.ssim(recon, target.data, target.channels, target.height, target.width, target.mask) };
	}
}
