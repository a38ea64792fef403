# The corpus of real models (../shared/corpus), split by model into the graphs
# the shipped GFlowNet is trained on and the unseen graphs it is tested on.
# Sourced by scripts/train-default-model.sh and scripts/run-benchmarks.sh;
# paths are relative to the corpus folder.
#
# Training: CNN chains and branches (ResNet, VGG, AlexNet, MobileNet,
# SqueezeNet, MnasNet), two small HEIR networks, a DeepSeek decode step and a
# rotary-embedding kernel. Test: other CNN families (Inception, DenseNet,
# EfficientNet, ConvNeXt) and other transformer kernels (QKV projections, a
# Qwen3 decode layer, a timed transformer layer), none of which shares a
# model with the training side. scalehls/polybench_3mm is in neither: its
# function has 3 schedulable ops, below the benchmark's --min-ops.
GFSCHED_CORPUS_TRAIN=(
  nelli/resnet18.mlir
  nelli/resnet50.mlir
  nelli/vgg16.mlir
  nelli/alexnet.mlir
  nelli/mobilenet_v2.mlir
  nelli/squeezenet1_0.mlir
  nelli/mnasnet1_0.mlir
  heir/lenet.mlir
  heir/mnist.mlir
  buddy-mlir/deepseek_r1_subgraph0_decode_simplify.mlir
  buddy-mlir/next-positional-encoding.mlir
)
GFSCHED_CORPUS_TEST=(
  nelli/inception_v3.mlir
  nelli/densenet201.mlir
  nelli/efficientnet_b0.mlir
  nelli/convnext_tiny.mlir
  buddy-mlir/next-mhsa-qkv.mlir
  buddy-mlir/next-qwen3-decode-kernel.mlir
  buddy-mlir/transformer_subgraph0_timed.mlir
)
