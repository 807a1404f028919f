package sc.fiji.draggan.invert;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Generator;

/**
 * What an inversion found: the latent, the tuned generator copy (with pivotal tuning), and the
 * reconstruction with its quality. Close it to free the tuned copy (if any) when the drag is done.
 */
public final class InversionResult implements AutoCloseable {

	/** The latent, [numWs, wDim] row-major (W results are repeated over the rows). */
	public final float[] ws;
	public final int numWs, wDim;
	/** The tuned copy of the generator; null without pivotal tuning. Owned by this result. */
	public final Generator tuned;
	/** Of the final reconstruction against the prepared image (masked, clamped; generator range). */
	public final double psnr, ssim;
	/** PSNR after each phase that ran. */
	public final Map<InversionPhase, Double> phasePsnr;
	/** The final reconstruction, generator range, [C, H, W]. */
	public final GeneratorImage reconstruction;
	/** The image as the generator saw it, with the intensity mapping and the geometry back to the source. */
	public final PreparedImage prepared;
	public final double seconds;
	/** True when the user stopped the inversion: the latent is the best found until then. */
	public final boolean cancelled;

	InversionResult(final float[] ws, final int numWs, final int wDim, final Generator tuned, final double psnr, final double ssim,
		final Map<InversionPhase, Double> phasePsnr, final GeneratorImage reconstruction, final PreparedImage prepared, final double seconds,
		final boolean cancelled)
	{
		this.ws = ws;
		this.numWs = numWs;
		this.wDim = wDim;
		this.tuned = tuned;
		this.psnr = psnr;
		this.ssim = ssim;
		this.phasePsnr = Collections.unmodifiableMap(new EnumMap<>(phasePsnr));
		this.reconstruction = reconstruction;
		this.prepared = prepared;
		this.seconds = seconds;
		this.cancelled = cancelled;
	}

	/** The generator to edit this image with: the tuned copy if there is one, else {@code original}. */
	public Generator generatorFor(final Generator original) {
		return tuned != null ? tuned : original;
	}

	/** The reconstruction in source channels and intensities (the model's picture size, H × W). */
	public float[][] reconstructionInSourceUnits() {
		return prepared.toSource(reconstruction.data);
	}

	/** One line of JSON for scripts. */
	public String toJson() {
		final StringBuilder s = new StringBuilder("{");
		s.append("\"psnr\":").append(num(psnr)).append(",\"ssim\":").append(num(ssim));
		for (final Map.Entry<InversionPhase, Double> e : phasePsnr.entrySet()) {
			s.append(",\"psnr_").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append("\":").append(num(e.getValue()));
		}
		s.append(",\"seconds\":").append(num(seconds)).append(",\"num_ws\":").append(numWs).append(",\"w_dim\":").append(wDim);
		s.append(",\"tuned\":").append(tuned != null).append(",\"cancelled\":").append(cancelled).append('}');
		return s.toString();
	}

	private static String num(final double v) {
		return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "null";
	}

	@Override
	public void close() {
		if (tuned != null) tuned.close();
	}
}
