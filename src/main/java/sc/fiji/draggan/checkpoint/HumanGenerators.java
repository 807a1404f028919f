package sc.fiji.draggan.checkpoint;

import java.util.Map;

import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Recognises StyleGAN-Human generators (docs/algorithm.md, "Checkpoint families"): StyleGAN2 networks
 * of the StyleGAN-Human code base, whose {@code square} switch makes every activation H × H/2. Released
 * checkpoints do not record {@code square} in their init kwargs (DragGAN adds square=False when it
 * rebuilds them), so the data decides: a 4×2 {@code const}, a {@code square=False} attribute or kwarg
 * make the generator non-square; the code base itself is known by its {@code self.square} attribute.
 */
final class HumanGenerators {

	private HumanGenerators() {}

	/** Sets family, {@code square} and the code base's w_avg_beta default on {@code c} when {@code g} is one. */
	static void recognise(final PersistentModule g, final Map<Object, Object> kwargs, final StateDict sd, final GeneratorConfig c) {
		final boolean nonSquare = Boolean.FALSE.equals(kwargs.get("square")) || Boolean.FALSE.equals(g.state.get("square")) ||
			constIsHalfWide(sd);
		if (!nonSquare && !g.moduleSrc.contains("self.square")) return;
		c.family = GeneratorConfig.FAMILY_STYLEGAN_HUMAN;
		c.square = !nonSquare;
		final Object mk = kwargs.get("mapping_kwargs");
		if (!(mk instanceof Map) || ((Map<?, ?>) mk).get("w_avg_beta") == null) c.wAvgBeta = 0.995; // that code base's default
	}

	private static boolean constIsHalfWide(final StateDict sd) {
		if (!sd.contains("synthesis.b4.const")) return false;
		final TensorData t = sd.get("synthesis.b4.const");
		final long[] s = t.shape();
		return s.length == 3 && s[1] == 4 && s[2] == 2;
	}
}
