package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named generator architectures for benchmarks and random-weight tests (spec §4.1):
 * {@code ffhq1024}, {@code ffhq512} (the DragGAN FFHQ/AFHQ/… 512² models: channel_base 32768),
 * {@code paper256} (256², channel_base 16384), {@code small64} (the reference fixture "small":
 * 64², z = w = 128, 4 mapping layers, channel_base 4096, channel_max 128).
 */
public final class GeneratorPresets {

	private GeneratorPresets() {}

	public static final List<String> NAMES = Arrays.asList("ffhq1024", "ffhq512", "paper256", "small64");

	public static GeneratorConfig get(final String name) {
		final GeneratorConfig c = new GeneratorConfig();
		switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
			case "ffhq1024":
				c.imgResolution = 1024;
				break;
			case "ffhq512":
				c.imgResolution = 512;
				break;
			case "paper256":
				c.imgResolution = 256;
				c.channelBase = 16384;
				break;
			case "small64":
				c.imgResolution = 64;
				c.zDim = c.wDim = 128;
				c.mappingLayers = 4;
				c.channelBase = 4096;
				c.channelMax = 128;
				break;
			default:
				throw new IllegalArgumentException("unknown architecture '" + name + "' (" + String.join(", ", NAMES) + ")");
		}
		return c.validate();
	}
}
