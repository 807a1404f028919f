package sc.fiji.draggan.invert;

/** How the source channels become the model's channels, and back. */
public enum ChannelConversion {
	/** Same number of channels. */
	SAME,
	/** A grey image for an RGB model: the grey plane is copied to R, G and B. */
	GREY_TO_RGB,
	/** An RGB image for a grey model: the unweighted mean (R + G + B)/3, ImageJ's default conversion. */
	RGB_TO_GREY;

	static ChannelConversion of(final int sourceChannels, final int modelChannels) {
		if (sourceChannels == modelChannels) return SAME;
		if (sourceChannels == 1 && modelChannels == 3) return GREY_TO_RGB;
		if (sourceChannels == 3 && modelChannels == 1) return RGB_TO_GREY;
		throw new IllegalArgumentException("cannot feed a " + sourceChannels + "-channel image to a " + modelChannels + "-channel model");
	}

	/** Model-channel planes to source-channel planes (GREY_TO_RGB: the mean; RGB_TO_GREY: the grey plane 3 times). */
	public float[][] toSource(final float[][] model) {
		switch (this) {
			case GREY_TO_RGB:
				return new float[][] { mean(model) };
			case RGB_TO_GREY:
				return new float[][] { model[0].clone(), model[0].clone(), model[0].clone() };
			default:
				return model;
		}
	}

	float[][] toModel(final float[][] source) {
		switch (this) {
			case GREY_TO_RGB:
				return new float[][] { source[0], source[0].clone(), source[0].clone() };
			case RGB_TO_GREY:
				return new float[][] { mean(source) };
			default:
				return source;
		}
	}

	private static float[] mean(final float[][] p) {
		final float[] m = new float[p[0].length];
		for (int i = 0; i < m.length; i++) {
			double s = 0;
			for (final float[] c : p) s += c[i];
			m[i] = (float) (s / p.length);
		}
		return m;
	}
}
