package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Named generator architectures for benchmarks and random-weight tests (docs/algorithm.md#hyper-parameters):
 * {@code ffhq1024}, {@code ffhq512} (the DragGAN FFHQ/AFHQ/… 512² models: channel_base 32768),
 * {@code paper256} (256², channel_base 16384), {@code small64} (the reference fixture "small":
 * 64², z = w = 128, 4 mapping layers, channel_base 4096, channel_max 128); StyleGAN3 at the released
 * sizes (docs/algorithm.md, "StyleGAN3"): {@code sg3-t-512}, {@code sg3-t-1024} (config T: channel_base
 * 32768, channel_max 512) and {@code sg3-r-512}, {@code sg3-r-1024} (config R: 1×1 convs, radial
 * filters, channel_base 65536, channel_max 1024), all with z = w = 512 and 2 mapping layers.
 */
public final class GeneratorPresets {

	private GeneratorPresets() {}

	public static final List<String> NAMES = Arrays.asList("ffhq1024", "ffhq512", "paper256", "small64", "sg3-t-512", "sg3-r-512",
		"sg3-t-1024", "sg3-r-1024", "human-512x256", "human-1024x512");

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
			case "sg3-t-512":
			case "sg3-t-1024":
			case "sg3-r-512":
			case "sg3-r-1024":
				c.stylegan3 = new Sg3Config();
				c.mappingLayers = 2;
				c.imgResolution = name.trim().endsWith("1024") ? 1024 : 512;
				if (name.trim().toLowerCase(Locale.ROOT).startsWith("sg3-r")) {
					c.stylegan3.convKernel = 1;
					c.stylegan3.useRadialFilters = true;
					c.channelBase = 65536;
					c.channelMax = 1024;
				}
				break;
			case "human-512x256":
			case "human-1024x512":
				// StyleGAN-Human's released generators: StyleGAN2 config-f widths, pictures twice as high as wide
				c.imgResolution = name.trim().startsWith("human-1024") ? 1024 : 512;
				c.square = false;
				c.family = GeneratorConfig.FAMILY_STYLEGAN_HUMAN;
				break;
			default:
				throw new IllegalArgumentException("unknown architecture '" + name + "' (" + String.join(", ", NAMES) + ")");
		}
		return c.validate();
	}
}
