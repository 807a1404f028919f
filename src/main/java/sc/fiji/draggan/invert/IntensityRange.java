package sc.fiji.draggan.invert;

/** Which source intensities map to the generator's [-1, 1]. */
public enum IntensityRange {
	/** 8-bit and RGB: 0–255 (as the models were trained); 16- and 32-bit: the display range. */
	AUTO,
	/** The display range the user set (ImageJ's min and max). */
	DISPLAY,
	/** The smallest and largest value in the image. */
	DATA,
	/** The whole range of the type: 0–255, 0–65535; for 32-bit the data range. */
	TYPE;

	public static IntensityRange parse(final String s) {
		for (final IntensityRange r : values()) {
			if (r.name().equalsIgnoreCase(s.trim())) return r;
		}
		throw new IllegalArgumentException("unknown intensity range '" + s + "' (auto, display, data or type)");
	}

	/** The mapping of this choice for an image; an empty range (flat image) is widened by one unit. */
	IntensityMapping mappingFor(final InputImage img) {
		double lo, hi;
		final IntensityRange r = this == AUTO ? (img.bitDepth == InputImage.GREY8 || img.isRgb() ? TYPE : DISPLAY) : this;
		switch (r) {
			case DISPLAY:
				lo = img.displayMin;
				hi = img.displayMax;
				if (hi <= lo) {
					final double[] d = img.dataRange();
					lo = d[0];
					hi = d[1];
				}
				break;
			case DATA: {
				final double[] d = img.dataRange();
				lo = d[0];
				hi = d[1];
				break;
			}
			default:
				if (img.bitDepth == InputImage.GREY8 || img.isRgb()) {
					lo = 0;
					hi = 255;
				}
				else if (img.bitDepth == InputImage.GREY16) {
					lo = 0;
					hi = 65535;
				}
				else {
					final double[] d = img.dataRange();
					lo = d[0];
					hi = d[1];
				}
		}
		if (!(hi > lo)) hi = lo + 1;
		return new IntensityMapping(lo, hi, img.bitDepth);
	}
}
