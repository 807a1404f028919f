package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.util.Map;

import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.tensor.StateDict;

/**
 * A TensorFlow-era network pickle, the tuple (G, D, Gs) of {@code dnnlib.tflib.network.Network} states,
 * converted on load as the official {@code legacy.py} does (docs/algorithm.md, "Checkpoint families"):
 * {@code Gs} becomes the generator, {@code D} the discriminator, {@code G} (the training copy) is
 * dropped. Only StyleGAN2 networks (configs E/F, skip/resnet/orig) convert; StyleGAN1 and progressive
 * GAN pickles are named and refused.
 */
final class TfPickle {

	private TfPickle() {}

	/** True for a tuple holding TensorFlow network objects (dnnlib's, or progressive GAN's tfutil). */
	static boolean isTfTuple(final Object root) {
		if (!(root instanceof Object[])) return false;
		for (final Object o : (Object[]) root) {
			if (o instanceof PyObject && (((PyObject) o).module.startsWith("dnnlib.tflib") || ((PyObject) o).module.equals("tfutil"))) return true;
		}
		return false;
	}

	static Checkpoint toCheckpoint(final Object[] root, final String what) throws IOException {
		for (final Object o : root) {
			if (o instanceof PyObject && ((PyObject) o).module.equals("tfutil"))
				throw new IOException(what + " is a Progressive GAN (TensorFlow) pickle, which is not supported; only StyleGAN2 networks are");
		}
		if (root.length != 3) throw new IOException(what + " is a TensorFlow pickle with " + root.length + " networks; expected the tuple " +
			"(G, D, Gs)");
		final TfNetwork gs = TfNetwork.of(root[2], what + " (Gs)");
		checkFamily(gs, what);
		final GeneratorConfig config = TfGeneratorConverter.config(gs, what);
		final StateDict g = TfGeneratorConverter.stateDict(gs, config, what);
		GeneratorChecks.check(config, g, what);
		StateDict d = null;
		Map<String, Object> dkw = null;
		if (TfNetwork.isNetwork(root[1])) {
			final TfNetwork dn = TfNetwork.of(root[1], what + " (D)");
			if (dn.version < 4) throw new IOException(what + ": the TensorFlow discriminator has version " + dn.version + ", at least 4 is needed");
			dkw = TfDiscriminatorConverter.kwargs(dn, what);
			d = TfDiscriminatorConverter.stateDict(dn, dkw, what);
		}
		return new Checkpoint(config, g, d, dkw, what);
	}

	/** StyleGAN2 (G_main with G_synthesis_stylegan2) or a clear refusal naming what the network is. */
	private static void checkFamily(final TfNetwork gs, final String what) throws IOException {
		final String synthesis = gs.componentFunctions.get("synthesis");
		if ("G_paper".equals(gs.buildFunction))
			throw new IOException(what + " is a Progressive GAN (TensorFlow) pickle, which is not supported; only StyleGAN2 networks are");
		if ("G_style".equals(gs.buildFunction) || "G_synthesis".equals(synthesis) || gs.variables.containsKey("synthesis/4x4/Const/Noise/weight"))
			throw new IOException(what + " is a StyleGAN (version 1, TensorFlow) pickle, which is not supported; only StyleGAN2 networks are");
		if (synthesis == null || !gs.variables.containsKey("dlatent_avg") || !gs.componentFunctions.containsKey("mapping"))
			throw new IOException(what + " is a TensorFlow pickle but not of a StyleGAN2 generator (build function " + gs.buildFunction +
				", synthesis " + synthesis + ")");
		if (gs.version < 4) throw new IOException(what + ": the TensorFlow generator has version " + gs.version + ", at least 4 is needed");
	}
}
