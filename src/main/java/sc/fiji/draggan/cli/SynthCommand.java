package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import sc.fiji.draggan.synth.CellImageSynth;

/**
 * {@code draggan synth cells --n N --res R --out DIR [--seed S]}: renders fluorescence-like training
 * images ({@link CellImageSynth}) as 8-bit grey PNGs {@code cells_00000.png, …}.
 */
public final class SynthCommand implements Subcommand {

	@Override
	public String name() {
		return "synth";
	}

	@Override
	public String usage() {
		return "synth cells --n N --res R --out DIR [--seed S] [--nuclei 2-7] [--layout field|centred|shifted] [--shift 0.2]   render synthetic fluorescence-microscopy images";
	}

	@Override
	public int run(final Options options, final PrintStream out) throws Exception {
		final String kind = options.positional(0, "what to synthesise (cells)");
		if (!"cells".equals(kind)) throw new UsageException("unknown kind '" + kind + "' (only: cells)");
		final int n = options.getInt("n", 1000);
		final int res = options.getInt("res", 64);
		final long seed = options.getLong("seed", 0);
		final Path dir = options.requirePath("out");
		final String nuclei = options.get("nuclei", CellImageSynth.MIN_NUCLEI + "-" + CellImageSynth.MAX_NUCLEI);
		final String layout = options.get("layout", "field");
		final double shift = options.getDouble("shift", 0.2);
		options.finish();
		if (!"field".equals(layout) && !"centred".equals(layout) && !"shifted".equals(layout))
			throw new UsageException("--layout must be field, centred or shifted, got " + layout);
		if (!(shift > 0 && shift <= 0.4)) throw new UsageException("--shift must be in (0, 0.4] (a fraction of the size), got " + shift);
		if (n < 1) throw new UsageException("--n must be at least 1");
		final CellImageSynth synth;
		try {
			final String[] range = nuclei.trim().split("-", 2);
			final int min = Integer.parseInt(range[0].trim()), max = range.length > 1 ? Integer.parseInt(range[1].trim()) : min;
			synth = new CellImageSynth(res, seed, min, max).centred("centred".equals(layout));
			if ("shifted".equals(layout)) synth.shifted(shift);
		}
		catch (final NumberFormatException e) {
			throw new UsageException("--nuclei must be N or MIN-MAX, got " + nuclei);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		Files.createDirectories(dir);
		for (int i = 0; i < n; i++) {
			ImageFiles.save(new ImagePlus("cells", toProcessor(synth.render(i), res)), dir.resolve(String.format("cells_%05d.png", i)));
		}
		out.println("wrote " + n + " images of " + res + "x" + res + " px to " + dir + " (seed " + seed + ", " + nuclei + " nuclei each, " + layout + ")");
		return 0;
	}

	/** 8-bit grey processor of a [0, 1] image. */
	static ByteProcessor toProcessor(final float[] img, final int res) {
		final byte[] px = new byte[img.length];
		for (int i = 0; i < px.length; i++) px[i] = (byte) Math.round(Math.min(1f, Math.max(0f, img[i])) * 255f);
		return new ByteProcessor(res, res, px);
	}
}
