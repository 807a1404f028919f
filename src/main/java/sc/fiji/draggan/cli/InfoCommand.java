package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.GsonBuilder;

import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.model.GeneratorConfig;

/** {@code draggan info MODEL}: the generator's configuration as one JSON object. */
final class InfoCommand implements Subcommand {

	@Override
	public String name() {
		return "info";
	}

	@Override
	public String usage() {
		return "info [MODEL]                the model's configuration as JSON (default: the bundled model)";
	}

	@Override
	public int run(final Options options, final PrintStream out) throws Exception {
		final java.nio.file.Path model = options.positional().isEmpty() ? sc.fiji.draggan.app.DefaultModel.path()
			: Paths.get(options.positional(0, "MODEL"));
		options.finish();
		final Checkpoint ckpt = ModelLoader.load(model);
		out.println(new GsonBuilder().serializeNulls().create().toJson(describe(ckpt)));
		return 0;
	}

	/** The fields of {@code draggan info}, in the documented order. */
	static Map<String, Object> describe(final Checkpoint ckpt) {
		final GeneratorConfig c = ckpt.generatorConfig();
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("family", c.family);
		m.put("picture", c.imgHeight() + "x" + c.imgWidth());
		m.put("z_dim", c.zDim);
		m.put("w_dim", c.wDim);
		m.put("c_dim", c.cDim);
		m.put("img_resolution", c.imgResolution);
		m.put("img_height", c.imgHeight());
		m.put("img_width", c.imgWidth());
		m.put("img_channels", c.imgChannels);
		m.put("num_ws", c.numWs());
		m.put("mapping_layers", c.mappingLayers);
		m.put("channel_base", c.channelBase);
		m.put("channel_max", c.channelMax);
		m.put("conv_clamp", c.convClamp == null ? null : (c.convClamp == Math.rint(c.convClamp) ? (Object) c.convClamp.longValue() : c.convClamp));
		if (c.isStyleGan3()) {
			m.put("num_layers", c.stylegan3.numLayers);
			m.put("conv_kernel", c.stylegan3.convKernel);
			m.put("use_radial_filters", c.stylegan3.useRadialFilters);
		}
		else m.put("architecture", c.architecture);
		m.put("num_params", ckpt.generator().numParameters());
		return m;
	}
}
