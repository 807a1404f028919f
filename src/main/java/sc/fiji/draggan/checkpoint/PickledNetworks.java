package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;


import java.io.IOException;
import java.util.Map;

import sc.fiji.draggan.io.Messages;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * From an unpickled network pickle (the dict of docs/algorithm.md#network-pickles, or a bare generator module) to a
 * {@link Checkpoint}: recognises the network family (StyleGAN3 by its embedded source defining the
 * Fourier-feature input, docs/algorithm.md "StyleGAN3"; else StyleGAN2), reads the generator config and state dicts, and
 * runs the sanity checks of docs/algorithm.md#state-dict-names-and-init-kwargs.
 */
final class PickledNetworks {

	private PickledNetworks() {}

	/**
	 * Any failure, also one the unpickled structure provokes in plain Java code (a runtime exception,
	 * a stack overflow), is an {@link IOException} with a short message.
	 */
	static Checkpoint toCheckpoint(final Object root, final String what) throws IOException {
		try {
			return convert(root, what);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new IOException(what + " is not a usable StyleGAN2 checkpoint (" + Messages.of(e) + ")", e);
		}
	}

	private static Checkpoint convert(final Object root, final String what) throws IOException {
		Object g = null, d = null;
		if (root instanceof Map) {
			g = ((Map<?, ?>) root).get("G_ema");
			d = ((Map<?, ?>) root).get("D");
		}
		else if (root instanceof PersistentModule) g = root;
		else if (TfPickle.isTfTuple(root)) return TfPickle.toCheckpoint((Object[]) root, what);
		if (g == null || g instanceof PersistentModule && !"Generator".equals(((PersistentModule) g).className)) {
			final String other = OtherNetworks.describe(root);
			if (other != null) throw new IOException(what + " is " + other + ", not a StyleGAN2 generator; supported are StyleGAN2 " +
				"(PyTorch or TensorFlow pickles) and StyleGAN-Human checkpoints");
		}
		if (g == null) {
			final String found = root instanceof Map ? "keys " + Messages.value(((Map<?, ?>) root).keySet()) : "a " + TorchUnpickler.describe(root);
			throw new IOException(what + " is not a StyleGAN2 generator checkpoint (no G_ema in the pickle; found " + found + ")");
		}
		if (!(g instanceof PersistentModule))
			throw new IOException(what + " is not a StyleGAN2 generator checkpoint (G_ema is a " + describe(g) + ", not a network)");
		final PersistentModule gm = (PersistentModule) g;
		final boolean stylegan3 = gm.moduleSrc.contains("class SynthesisInput");
		if (!"Generator".equals(gm.className))
			throw new IOException(what + " is not a StyleGAN2 generator checkpoint (G_ema is a " + Messages.clip(gm.className, 80) + ")");

		final Map<Object, Object> kw = InitKwargs.merge(gm.state.get("_init_args"), gm.state.get("_init_kwargs"), what);
		final GeneratorConfig config = stylegan3 ? InitKwargs.toSg3Config(kw, what) : InitKwargs.toConfig(kw, what);
		final StateDict gsd = ModuleStateDict.of(gm, what + " G_ema");
		if (!stylegan3) HumanGenerators.recognise(gm, kw, gsd, config);
		GeneratorChecks.check(config, gsd, what);
		checkAttributes(gm, config, what);

		StateDict dsd = null;
		Map<String, Object> dkw = null;
		if (ModuleStateDict.stateOf(d) != null) {
			dsd = ModuleStateDict.of(d, what + " D");
			final Map<Object, Object> s = ModuleStateDict.stateOf(d);
			final Object k = s.get("_init_kwargs");
			dkw = k instanceof Map ? PlainValues.map((Map<?, ?>) k, what + " D init_kwargs") : null;
		}
		return new Checkpoint(config, gsd, dsd, dkw, what);
	}

	/** The module's own attributes must agree with its init kwargs (docs/algorithm.md#state-dict-names-and-init-kwargs). */
	private static void checkAttributes(final PersistentModule g, final GeneratorConfig c, final String what) throws IOException {
		expectAttribute(g.state, "img_resolution", c.imgResolution, "G_ema", what);
		expectAttribute(g.state, "num_ws", c.numWs(), "G_ema", what);
		expectAttribute(g.state, "z_dim", c.zDim, "G_ema", what);
		expectAttribute(g.state, "w_dim", c.wDim, "G_ema", what);
		final Object modules = g.state.get("_modules");
		if (modules instanceof Map) {
			final Map<Object, Object> synthesis = ModuleStateDict.stateOf(((Map<?, ?>) modules).get("synthesis"));
			if (synthesis != null) {
				expectAttribute(synthesis, "num_ws", c.numWs(), "G_ema.synthesis", what);
				expectAttribute(synthesis, "img_resolution", c.imgResolution, "G_ema.synthesis", what);
			}
		}
	}

	private static void expectAttribute(final Map<Object, Object> state, final String key, final int expected, final String module,
		final String what) throws IOException
	{
		final Object v = state.get(key);
		if (v instanceof Number && ((Number) v).longValue() != expected)
			throw new IOException(what + ": " + module + "." + key + " is " + Messages.value(v) + " but init_kwargs imply " + expected);
	}

	private static String describe(final Object o) {
		return o instanceof PyObject ? o.toString() : TorchUnpickler.describe(o);
	}
}
