package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;


import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Pattern;

import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Sg3Layout;

/**
 * Sanity checks of docs/algorithm.md#state-dict-names-and-init-kwargs between a generator's config and its tensors, so that a mismatch is
 * reported at load time (StyleGAN3: every tensor name and shape of {@link Sg3Layout}) with the numbers involved rather than as a shape error deep in the forward pass.
 */
final class GeneratorChecks {

	private GeneratorChecks() {}

	private static final Pattern CONV_WEIGHT = Pattern.compile("synthesis\\.b\\d+\\.conv[01]\\.weight");

	static void check(final GeneratorConfig c, final StateDict g, final String what) throws IOException {
		if (c.isStyleGan3()) {
			try {
				Sg3Layout.check(c, g);
			}
			catch (final IllegalArgumentException e) {
				throw new IOException(what + ": " + e.getMessage());
			}
			return;
		}
		final int ch4 = c.channels(4);
		expectShape(g, "synthesis.b4.const", new long[] { ch4, 4, c.blockWidth(4) }, what,
			"channel_base " + c.channelBase + ", channel_max " + c.channelMax + (c.square ? "" : ", 4x2 for a non-square generator"));
		expectShape(g, "mapping.w_avg", new long[] { c.wDim }, what, "w_dim " + c.wDim);
		for (int i = 0; i < c.mappingLayers; i++) {
			if (!g.contains("mapping.fc" + i + ".weight"))
				throw new IOException(what + ": mapping has no layer fc" + i + " although num_layers is " + c.mappingLayers);
		}
		if (g.contains("mapping.fc" + c.mappingLayers + ".weight"))
			throw new IOException(what + ": mapping has more than num_layers = " + c.mappingLayers + " layers");
		final long in = g.get("mapping.fc0.weight").shape()[1];
		final long expectedIn = c.zDim + (c.cDim > 0 ? c.embedWidth() : 0);
		if (in != expectedIn)
			throw new IOException(what + ": mapping.fc0 takes " + in + " inputs, expected " + expectedIn + " from z_dim/c_dim/embed_features");
		int convs = 0;
		for (final String name : g.asMap().keySet()) {
			if (CONV_WEIGHT.matcher(name).matches()) convs++;
		}
		if (convs + 1 != c.numWs())
			throw new IOException(what + ": synthesis has " + convs + " conv layers, so " + (convs + 1) + " ws, but img_resolution " +
				c.imgResolution + " implies num_ws " + c.numWs());
		final String torgb = "synthesis.b" + c.imgResolution + ".torgb.weight";
		if (!g.contains(torgb)) throw new IOException(what + ": no " + torgb + " although img_resolution is " + c.imgResolution);
		final long rgb = g.get(torgb).shape()[0];
		if (rgb != c.imgChannels) throw new IOException(what + ": " + torgb + " makes " + rgb + " channels, img_channels says " + c.imgChannels);
	}

	private static void expectShape(final StateDict g, final String name, final long[] expected, final String what, final String from)
		throws IOException
	{
		if (!g.contains(name)) throw new IOException(what + ": generator has no tensor " + name);
		final long[] s = g.get(name).shape();
		if (!Arrays.equals(s, expected))
			throw new IOException(what + ": " + name + " has shape " + Arrays.toString(s) + ", expected " + Arrays.toString(expected) +
				" from " + from);
	}
}
