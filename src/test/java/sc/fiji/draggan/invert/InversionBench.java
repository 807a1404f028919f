package sc.fiji.draggan.invert;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.StyleGan2Generator;

/**
 * Benchmark (not a unit test): inverts in-domain 8-bit images of the fixture models and prints PSNR,
 * SSIM and time per phase. {@code InversionBench [tiny|small|gray|random256 ...] [--seeds 0,1,2]
 * [--steps N] [--pti N] [--w-only] [--key value: any InversionParameters field]}.
 */
public final class InversionBench {

	public static void main(final String[] args) throws Exception {
		final java.util.List<String> models = new java.util.ArrayList<>();
		String seeds = "0";
		final InversionParameters p = new InversionParameters();
		for (int i = 0; i < args.length; i++) {
			final String a = args[i];
			if (a.equals("--seeds")) seeds = args[++i];
			else if (a.equals("--steps")) p.steps = Integer.parseInt(args[++i]);
			else if (a.equals("--pti")) p.ptiSteps = Integer.parseInt(args[++i]);
			else if (a.equals("--w-only")) p.wPlus = false;
			else if (a.startsWith("--")) {
				final java.lang.reflect.Field f = InversionParameters.class.getField(a.substring(2));
				final String v = args[++i];
				if (f.getType() == int.class) f.setInt(p, Integer.parseInt(v));
				else if (f.getType() == long.class) f.setLong(p, Long.parseLong(v));
				else if (f.getType() == double.class) f.setDouble(p, Double.parseDouble(v));
				else if (f.getType() == boolean.class) f.setBoolean(p, Boolean.parseBoolean(v));
			}
			else models.add(a);
		}
		Djl.engine();
		for (final String model : models) {
			for (final String s : seeds.split(",")) {
				try (NDManager root = Djl.newManager(Device.cpu()); StyleGan2Generator g = generator(model, root)) {
					final GeneratorImage img = InvertFixtures.generate(g, Long.parseLong(s));
					final int[] last = { 0 };
					try (InversionResult r = Inverter.invert(g, InvertFixtures.asEightBit(img), p, (phase, step, steps, loss, psnr) -> {
						if (step == steps || step % 50 == 0) System.out.println(String.format(Locale.ROOT, "  %s %d/%d loss %.5f psnr %.2f", phase, step, steps, loss, psnr));
					})) {
						System.out.println(String.format(Locale.ROOT, "%s seed %s: %s", model, s, r.toJson()));
					}
				}
			}
		}
	}

	static StyleGan2Generator generator(final String model, final NDManager root) throws Exception {
		if (model.startsWith("random")) {
			final int res = Integer.parseInt(model.substring(6));
			final GeneratorConfig c = new GeneratorConfig();
			c.imgResolution = res;
			c.channelBase = 16384;
			c.channelMax = 512;
			c.mappingLayers = 8;
			return new StyleGan2Generator(c.validate(), RandomWeights.create(c, 1), root, Device.cpu());
		}
		return InvertFixtures.load(model, root);
	}
}
