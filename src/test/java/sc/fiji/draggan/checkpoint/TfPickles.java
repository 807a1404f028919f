package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorLayout;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Test helper: writes TensorFlow-era network pickles (protocol 3, the tuple (G, D, Gs) of
 * {@code dnnlib.tflib.network.Network} states with NumPy arrays and 0-d NumPy scalars) opcode by opcode,
 * and lays out a PyTorch-layout generator state dict as the TensorFlow variables the official converter
 * reads (the inverse of the conversion), so hostile or unusual pickles can be built without Python.
 */
final class TfPickles {

	private TfPickles() {}

	/** One network state: name, build function, static kwargs, variables (name → tensor, rank 0 = scalar), components. */
	static final class Net {
		String name, function;
		int version = 4;
		final Map<String, Object> kwargs = new LinkedHashMap<>();
		final Map<String, TensorData> variables = new LinkedHashMap<>();
		final Map<String, Net> components = new LinkedHashMap<>();

		Net(final String name, final String function) {
			this.name = name;
			this.function = function;
		}
	}

	/** Gs of a StyleGAN2 generator with these weights, and the kwargs that describe {@code c}. */
	static Net generator(final GeneratorConfig c, final StateDict sd) {
		final Net gs = new Net("Gs", "G_main"), synthesis = new Net("G_synthesis", "G_synthesis_stylegan2"),
			mapping = new Net("G_mapping", "G_mapping");
		gs.components.put("synthesis", synthesis);
		gs.components.put("mapping", mapping);
		gs.kwargs.put("resolution", c.imgResolution);
		gs.kwargs.put("num_channels", c.imgChannels);
		gs.kwargs.put("latent_size", c.zDim);
		gs.kwargs.put("dlatent_size", c.wDim);
		gs.kwargs.put("label_size", c.cDim);
		gs.kwargs.put("fmap_base", c.channelBase / 2);
		gs.kwargs.put("fmap_max", c.channelMax);
		gs.kwargs.put("mapping_layers", c.mappingLayers);
		if (c.layerFeatures != null) gs.kwargs.put("mapping_fmaps", c.layerFeatures);
		gs.kwargs.put("architecture", c.architecture);
		gs.kwargs.put("truncation_psi", 0.5); // read and ignored by the converter
		gs.variables.put("lod", new TensorData(new long[0], new float[] { 0 }));
		gs.variables.put("dlatent_avg", sd.get("mapping.w_avg"));
		for (final String name : GeneratorLayout.of(c).keySet()) {
			final TensorData t = sd.get(name);
			if (name.startsWith("mapping.")) {
				if (name.equals("mapping.w_avg")) continue;
				final String tf = name.replace("mapping.embed.", "LabelEmbed/").replaceAll("mapping\\.fc(\\d+)\\.", "Dense$1/");
				mapping.variables.put(tf, t.rank() == 2 ? TfTensors.transpose(t) : t);
				continue;
			}
			final String[] p = name.split("\\.");
			final int res = Integer.parseInt(p[1].substring(1));
			final String block = res + "x" + res + "/";
			if (name.endsWith("resample_filter")) continue;
			if (p[2].equals("const")) {
				synthesis.variables.put(block + "Const/const", reshape(t, 1, t.shape()[0], 4, t.shape()[2]));
				continue;
			}
			if (p[2].equals("skip")) {
				synthesis.variables.put(block + "Skip/weight", TfTensors.flipSpatial(TfTensors.permute(t, 2, 3, 1, 0)));
				continue;
			}
			final String layer = p[2].equals("torgb") ? "ToRGB" : res == 4 ? "Conv" : p[2].equals("conv0") ? "Conv0_up" : "Conv1";
			final String field = name.substring(name.indexOf(p[2]) + p[2].length() + 1);
			final String v = block + layer + "/";
			switch (field) {
				case "weight": {
					final TensorData k = TfTensors.permute(t, 2, 3, 1, 0);
					synthesis.variables.put(v + "weight", layer.equals("Conv0_up") ? TfTensors.flipSpatial(k) : k);
					break;
				}
				case "affine.weight": synthesis.variables.put(v + "mod_weight", TfTensors.transpose(t)); break;
				case "affine.bias": synthesis.variables.put(v + "mod_bias", TfTensors.plus(t, -1f)); break;
				case "noise_const": {
					final int log2 = 31 - Integer.numberOfLeadingZeros(res);
					final int k = res == 4 ? 0 : layer.equals("Conv0_up") ? 2 * log2 - 5 : 2 * log2 - 4;
					synthesis.variables.put("noise" + k, reshape(t, 1, 1, t.shape()[0], t.shape()[1]));
					break;
				}
				default: synthesis.variables.put(v + field, t); // bias, noise_strength
			}
		}
		return gs;
	}

	static TensorData reshape(final TensorData t, final long... shape) {
		return new TensorData(shape, t.data());
	}

	/** The pickle of the tuple (g, d, gs); null entries are written as None. */
	static byte[] dumps(final Net g, final Net d, final Net gs) throws IOException {
		final Writer w = new Writer();
		w.out.write(new byte[] { (byte) 0x80, 3 });
		w.net(g);
		w.net(d);
		w.net(gs);
		w.out.write(0x87); // TUPLE3
		w.out.write('.');
		return w.out.toByteArray();
	}

	private static final class Writer {

		final ByteArrayOutputStream out = new ByteArrayOutputStream();

		void global(final String module, final String name) throws IOException {
			out.write(('c' + module + '\n' + name + '\n').getBytes(StandardCharsets.US_ASCII));
		}

		void str(final String s) throws IOException {
			final byte[] b = s.getBytes(StandardCharsets.UTF_8);
			out.write('X');
			out.write(le(4).putInt(b.length).array());
			out.write(b);
		}

		void bytes(final byte[] b) throws IOException {
			out.write('B');
			out.write(le(4).putInt(b.length).array());
			out.write(b);
		}

		void value(final Object o) throws IOException {
			if (o == null) out.write('N');
			else if (o instanceof Boolean) out.write((Boolean) o ? 0x88 : 0x89);
			else if (o instanceof Integer) {
				out.write('J');
				out.write(le(4).putInt((Integer) o).array());
			}
			else if (o instanceof Double) {
				out.write('G');
				out.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble((Double) o).array());
			}
			else if (o instanceof String) str((String) o);
			else if (o instanceof List) {
				out.write(']');
				out.write('(');
				for (final Object x : (List<?>) o) value(x);
				out.write('e');
			}
			else if (o instanceof TensorData) array((TensorData) o);
			else if (o instanceof Net) net((Net) o);
			else throw new IllegalArgumentException("cannot write " + o);
		}

		void dict(final Map<String, ?> m) throws IOException {
			out.write('}');
			if (m.isEmpty()) return;
			out.write('(');
			for (final Map.Entry<String, ?> e : m.entrySet()) {
				str(e.getKey());
				value(e.getValue());
			}
			out.write('u');
		}

		void dtype() throws IOException {
			global("numpy", "dtype");
			str("f4");
			value(false);
			value(true);
			out.write(0x87);
			out.write('R');
			out.write('(');
			for (final Object o : new Object[] { 3, "<", null, null, null, -1, -1, 0 }) value(o);
			out.write('t');
			out.write('b');
		}

		/** Rank 0: a NumPy float32 scalar (as TF's Session.run returns them); else an ndarray. */
		void array(final TensorData t) throws IOException {
			final ByteBuffer raw = le(4 * (int) t.size());
			for (final float f : t.data()) raw.putFloat(f);
			if (t.rank() == 0) {
				global("numpy.core.multiarray", "scalar");
				dtype();
				bytes(raw.array());
				out.write(0x86);
				out.write('R');
				return;
			}
			global("numpy.core.multiarray", "_reconstruct");
			global("numpy", "ndarray");
			out.write('(');
			value(0);
			out.write('t');
			bytes(new byte[] { 'b' });
			out.write(0x87);
			out.write('R');
			out.write('(');
			value(1);
			out.write('(');
			for (final long s : t.shape()) value((int) s);
			out.write('t');
			dtype();
			value(false);
			bytes(raw.array());
			out.write('t');
			out.write('b');
		}

		void net(final Net n) throws IOException {
			if (n == null) {
				out.write('N');
				return;
			}
			global("dnnlib.tflib.network", "Network");
			out.write(')');
			out.write(0x81); // NEWOBJ
			final Map<String, Object> state = new LinkedHashMap<>();
			state.put("version", n.version);
			state.put("name", n.name);
			state.put("static_kwargs", n.kwargs);
			state.put("components", n.components);
			state.put("build_module_src", "# stand-in");
			state.put("build_func_name", n.function);
			out.write('}');
			out.write('(');
			for (final Map.Entry<String, Object> e : state.entrySet()) {
				str(e.getKey());
				if (e.getValue() instanceof Map) dict(cast(e.getValue()));
				else value(e.getValue());
			}
			str("variables");
			out.write(']');
			out.write('(');
			for (final Map.Entry<String, TensorData> e : n.variables.entrySet()) {
				str(e.getKey());
				array(e.getValue());
				out.write(0x86);
			}
			out.write('e');
			out.write('u');
			out.write('b');
		}

		@SuppressWarnings("unchecked")
		private static Map<String, ?> cast(final Object o) {
			return (Map<String, ?>) o;
		}

		private static ByteBuffer le(final int n) {
			return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
		}
	}
}
