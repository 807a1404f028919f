package sc.fiji.draggan.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;
import sc.fiji.draggan.io.Npy;

/** Loads the fixture generators without the .pkl reader: G_ema_state.npz + fixture.json kwargs. */
final class FixtureModels {

	private FixtureModels() {}

	/** A .npz (zip of .npy) as a state dict, entry order kept. */
	static StateDict readNpz(final Path npz) throws IOException {
		final StateDict sd = new StateDict();
		try (ZipFile zip = new ZipFile(npz.toFile())) {
			final Enumeration<? extends ZipEntry> en = zip.entries();
			while (en.hasMoreElements()) {
				final ZipEntry e = en.nextElement();
				final String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
				try (InputStream in = zip.getInputStream(e)) {
					final Npy.Array a = Npy.read(in, e.getName());
					sd.put(name, new TensorData(a.shape, a.toFloats()));
				}
			}
		}
		return sd;
	}

	/** GeneratorConfig from fixture.json's {@code pkl.G_ema_init_kwargs} (constructor defaults otherwise). */
	static GeneratorConfig config(final Path dir) throws IOException {
		final JsonObject root = JsonParser.parseString(new String(Files.readAllBytes(dir.resolve("fixture.json")),
			StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonObject top = root.getAsJsonObject("pkl").getAsJsonObject("G_ema_init_kwargs");
		final JsonObject k = top.deepCopy();
		if (top.has("synthesis_kwargs")) for (final String key : top.getAsJsonObject("synthesis_kwargs").keySet())
			k.add(key, top.getAsJsonObject("synthesis_kwargs").get(key));
		final GeneratorConfig c = new GeneratorConfig();
		final String family = root.has("family") ? root.get("family").getAsString() : "stylegan2";
		if (family.equals("tf")) c.family = GeneratorConfig.FAMILY_STYLEGAN2_TF;
		if (family.equals("stylegan_human")) {
			c.family = GeneratorConfig.FAMILY_STYLEGAN_HUMAN;
			c.square = false;
			c.wAvgBeta = 0.995;
		}
		c.zDim = k.get("z_dim").getAsInt();
		c.wDim = k.get("w_dim").getAsInt();
		c.cDim = k.get("c_dim").getAsInt();
		c.imgResolution = k.get("img_resolution").getAsInt();
		c.imgChannels = k.get("img_channels").getAsInt();
		if (k.has("channel_base")) c.channelBase = k.get("channel_base").getAsInt();
		if (k.has("channel_max")) c.channelMax = k.get("channel_max").getAsInt();
		if (k.has("num_fp16_res")) c.numFp16Res = k.get("num_fp16_res").getAsInt();
		if (k.has("architecture")) c.architecture = k.get("architecture").getAsString();
		if (k.has("conv_clamp")) {
			final JsonElement cc = k.get("conv_clamp");
			c.convClamp = cc.isJsonNull() ? null : cc.getAsDouble();
		}
		if (k.has("mapping_kwargs")) {
			final JsonObject mk = k.getAsJsonObject("mapping_kwargs");
			if (mk.has("num_layers")) c.mappingLayers = mk.get("num_layers").getAsInt();
			if (mk.has("layer_features") && !mk.get("layer_features").isJsonNull()) c.layerFeatures = mk.get("layer_features").getAsInt();
			if (mk.has("w_avg_beta") && !mk.get("w_avg_beta").isJsonNull()) c.wAvgBeta = mk.get("w_avg_beta").getAsDouble();
		}
		return c.validate();
	}
}
