package sc.fiji.draggan.ij;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import ij.ImagePlus;

/**
 * The StyleGAN2 latent an image was made from, attached to its {@link ImagePlus}: the full
 * {@code w+} code ({@code numWs × wDim}, float32, row-major) and the SHA-256 of the model it
 * belongs to. A drag starts from it and attaches the final one to its result, so a second drag
 * continues where the first stopped.
 * <p>
 * It is kept twice: as a Java object property (fast, in memory) and as string properties
 * ({@link ImagePlus#setProp}, base64 little-endian float32) which ImageJ writes into TIFF files,
 * so a saved and re-opened result can still be dragged.
 */
public final class Latent {

	/** Keys of the image properties. */
	public static final String OBJECT_KEY = "DragGAN.latent", WS_KEY = "DragGAN.ws", SHAPE_KEY = "DragGAN.ws_shape",
			MODEL_KEY = "DragGAN.model_sha256";

	public final int numWs, wDim;
	/** Row-major {@code [numWs][wDim]}. */
	public final float[] ws;
	/** SHA-256 (hex) of the model file, or null when unknown. */
	public final String modelSha256;

	public Latent(final int numWs, final int wDim, final float[] ws, final String modelSha256) {
		if (numWs < 1 || wDim < 1 || ws.length != (long) numWs * wDim) throw new IllegalArgumentException("latent has " + ws.length +
			" values, expected " + numWs + "x" + wDim);
		this.numWs = numWs;
		this.wDim = wDim;
		this.ws = ws;
		this.modelSha256 = modelSha256;
	}

	/** Attaches this latent to an image (memory and TIFF-saved properties). */
	public void attachTo(final ImagePlus imp) {
		imp.setProperty(OBJECT_KEY, this);
		imp.setProp(WS_KEY, encode(ws));
		imp.setProp(SHAPE_KEY, numWs + "x" + wDim);
		imp.setProp(MODEL_KEY, modelSha256 != null ? modelSha256 : "");
	}

	/** The latent attached to an image, or null when it has none. */
	public static Latent of(final ImagePlus imp) {
		final Object o = imp.getProperty(OBJECT_KEY);
		if (o instanceof Latent) return (Latent) o;
		final String ws = imp.getProp(WS_KEY), shape = imp.getProp(SHAPE_KEY);
		if (ws == null || shape == null || ws.isEmpty()) return null;
		final String[] d = shape.split("x");
		try {
			final String sha = imp.getProp(MODEL_KEY);
			final Latent l = new Latent(Integer.parseInt(d[0].trim()), Integer.parseInt(d[1].trim()), sc.fiji.draggan.model.Latents.finite(decode(ws), "the latent"), sha == null || sha.isEmpty() ? null : sha);
			imp.setProperty(OBJECT_KEY, l);
			return l;
		}
		catch (final RuntimeException e) {
			throw new IllegalArgumentException("the latent stored in '" + imp.getTitle() + "' is damaged (" + sc.fiji.draggan.io.Messages.of(e) + ")");
		}
	}

	/** Removes an attached latent (e.g. from a copy whose pixels no longer match it). */
	public static void detach(final ImagePlus imp) {
		imp.setProperty(OBJECT_KEY, null);
		if (imp.getProperties() != null) imp.getProperties().remove(OBJECT_KEY);
		imp.setProp(WS_KEY, (String) null);
		imp.setProp(SHAPE_KEY, (String) null);
		imp.setProp(MODEL_KEY, (String) null);
	}

	/**
	 * Fails unless this latent fits a generator with {@code numWs} × {@code wDim} and, when both are
	 * known, the model checksum matches.
	 */
	public Latent checkFits(final int numWs, final int wDim, final String modelSha256, final String modelName) {
		if (this.numWs != numWs || this.wDim != wDim) throw new IllegalArgumentException("the image's latent is " + this.numWs + "x" + this.wDim +
			" but " + modelName + " needs " + numWs + "x" + wDim + ": it was made with another model");
		if (this.modelSha256 != null && modelSha256 != null && !this.modelSha256.equalsIgnoreCase(modelSha256))
			throw new IllegalArgumentException("the image was made with another model (sha256 " + this.modelSha256.substring(0, 12) + "…) than " + modelName);
		return this;
	}

	static String encode(final float[] v) {
		final ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(v);
		return Base64.getEncoder().encodeToString(b.array());
	}

	static float[] decode(final String s) {
		final byte[] bytes = Base64.getDecoder().decode(s.trim());
		if (bytes.length % 4 != 0) throw new IllegalArgumentException("not float32 data");
		final float[] v = new float[bytes.length / 4];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
		return v;
	}
}
