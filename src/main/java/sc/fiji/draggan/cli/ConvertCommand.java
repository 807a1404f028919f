package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.checkpoint.SafetensorsBundle;
import sc.fiji.draggan.model.GeneratorConfig;

/** {@code draggan convert IN OUT.safetensors}: any supported checkpoint to our safetensors bundle. */
public final class ConvertCommand implements Subcommand {

	@Override
	public String name() {
		return "convert";
	}

	@Override
	public String usage() {
		return "convert IN.pkl|IN.safetensors OUT.safetensors   write a checkpoint as a Drag GAN .safetensors bundle";
	}

	@Override
	public int run(final Options options, final PrintStream out) throws Exception {
		final Path in = Paths.get(options.positional(0, "input checkpoint (IN.pkl or IN.safetensors)"));
		final Path target = Paths.get(options.positional(1, "output file (OUT.safetensors)"));
		if (options.positional().size() > 2) throw new UsageException("convert takes two files, got " + options.positional().size());
		options.finish();
		if (!target.getFileName().toString().toLowerCase().endsWith(".safetensors"))
			throw new UsageException("the output file must end in .safetensors: " + target);
		OutputFiles.check(OutputFiles.named("output", target), OutputFiles.named("input", in));
		final Checkpoint ckpt = ModelLoader.load(in);
		SafetensorsBundle.write(target, ckpt);
		final GeneratorConfig c = ckpt.generatorConfig();
		out.println("wrote " + target + ": " + c.imgHeight() + "x" + c.imgWidth() + " generator with " + c.imgChannels + " channel(s) (" + c.family +
			(c.square ? "" : ", pictures H x W") + "), G_ema " + ckpt.generator().size() + " tensors (" + ckpt.generator().numParameters() + " parameters)" +
			(ckpt.discriminator() != null ? ", D " + ckpt.discriminator().size() + " tensors (" + ckpt.discriminator().numParameters() +
				" parameters)" : ", no discriminator"));
		return 0;
	}
}
