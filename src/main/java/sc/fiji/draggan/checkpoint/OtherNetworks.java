package sc.fiji.draggan.checkpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names what an unsupported checkpoint is, so that its error is one clear line: a BigGAN network, a
 * diffusion model (U-Net), a Progressive GAN. Looks at the Python class names of the objects near the
 * top of the unpickled tree and at the parameter names of a bare state dict; never executes anything.
 */
final class OtherNetworks {

	private OtherNetworks() {}

	/** "a BigGAN network", "a diffusion model (U-Net)", "a Progressive GAN"; null when nothing is recognised. */
	static String describe(final Object root) {
		final List<String> words = new ArrayList<>();
		collect(root, words, 0, new int[] { 10_000 });
		for (final String w : words) {
			final String s = w.toLowerCase(Locale.ROOT);
			if (s.contains("biggan") || s.startsWith("generator.gen_z") || s.equals("shared.weight")) return "a BigGAN network";
			if (s.contains("diffusion") || s.contains("unetmodel") || s.contains("unet2d") || s.startsWith("time_embed.") ||
				s.startsWith("input_blocks.")) return "a diffusion model (U-Net)";
			if (s.contains("progressive_gan") || s.contains("progan") || s.contains("pggan")) return "a Progressive GAN";
		}
		return null;
	}

	/**
	 * Class names (module.name) of Python objects and the keys of dicts, three levels deep, at most
	 * {@code visits[0]} objects in all (a list referring many times to the same large list must not
	 * make three levels a cubic walk).
	 */
	private static void collect(final Object o, final List<String> out, final int depth, final int[] visits) {
		if (o == null || depth > 3 || out.size() > 2000 || --visits[0] < 0) return;
		if (o instanceof PyObject) {
			final PyObject p = (PyObject) o;
			out.add(p.module + "." + p.name);
			for (final Object a : p.attributes.values()) collect(a, out, depth + 1, visits);
		}
		else if (o instanceof PersistentModule) {
			final PersistentModule m = (PersistentModule) o;
			out.add(m.className);
		}
		else if (o instanceof Map) {
			for (final Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
				out.add(e.getKey() instanceof String ? (String) e.getKey() : String.valueOf(e.getKey()));
				collect(e.getValue(), out, depth + 1, visits);
			}
		}
		else if (o instanceof Object[]) {
			for (final Object x : (Object[]) o) collect(x, out, depth + 1, visits);
		}
		else if (o instanceof Collection) {
			for (final Object x : (Collection<?>) o) collect(x, out, depth + 1, visits);
		}
	}
}
