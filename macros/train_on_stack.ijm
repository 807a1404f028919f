// Drag GAN example 4: train a small generator for your own images, then generate from it.
// Opens a folder of images as one stack, runs Drag GAN Train... on that stack (grey, centre-cropped,
// resized to res), then Drag GAN Generate... with the new model, and saves the samples and a
// generated image (with its latent: drag it next) next to the model.
//
//   ./draggan imagej -batch macros/train_on_stack.ijm "data=[/path/to/images] out=[/tmp/my-model.safetensors] kimg=10"
//
// data: a folder of .tif/.png images (e.g. ./draggan synth cells --n 5000 --res 64 --out data/cells64)
// kimg: training length in thousands of images shown (a CPU does about 10-30 kimg per hour at 64 px)
// res, batch, snapshot_every, channel_base, channel_max: as Drag GAN Train... (defaults 64, 16, 1, 1024, 64)

arg = getArgument();
data = call("ij.Macro.getValue", arg, "data", "");
out = call("ij.Macro.getValue", arg, "out", "");
if (data == "" || out == "") exit("Drag GAN example: give data=[folder of images] and out=[model.safetensors]");
kimg = call("ij.Macro.getValue", arg, "kimg", "10");
res = call("ij.Macro.getValue", arg, "res", "64");
batch = call("ij.Macro.getValue", arg, "batch", "16");
every = call("ij.Macro.getValue", arg, "snapshot_every", "1");
base = call("ij.Macro.getValue", arg, "channel_base", "1024");
cmax = call("ij.Macro.getValue", arg, "channel_max", "64");

setBatchMode(true);
File.openSequence(data);
print("training on " + nSlices + " images from " + data);
run("Drag GAN Train...", "out=[" + out + "] res=" + res + " kimg=" + kimg + " batch=" + batch + " snapshot_every=" + every +
	" channel_base=" + base + " channel_max=" + cmax);
// the samples stack (one grid per snapshot) is now the active image
stem = replace(out, "\\.safetensors$", "");
saveAs("Tiff", stem + "-samples.tif");
run("Drag GAN Generate...", "model=[" + out + "] seed=1 psi=0.7");
saveAs("Tiff", stem + "-seed1.tif");
print("train example done: " + out);
