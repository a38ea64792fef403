//===- PolicyHead.cpp - The per-step policy heads in plain C++ ------------===//

#include "gfsched/GFlowNet/PolicyHead.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace gfsched {

void HeadGradients::resizeLike(const HeadWeights &weights) {
  node.assign(weights.node.size(), 0);
  feature.assign(weights.feature.size(), 0);
  out.assign(weights.out.size(), 0);
}

void HeadGradients::add(const HeadGradients &other) {
  auto addInto = [](std::vector<float> &into, const std::vector<float> &from) {
    for (size_t i = 0; i < into.size(); ++i)
      into[i] += from[i];
  };
  addInto(node, other.node);
  addInto(feature, other.feature);
  addInto(out, other.out);
}

void HeadGradients::addScaled(const HeadGradients &other, float scale) {
  auto addInto = [scale](std::vector<float> &into,
                         const std::vector<float> &from) {
    for (size_t i = 0; i < into.size(); ++i)
      into[i] += scale * from[i];
  };
  addInto(node, other.node);
  addInto(feature, other.feature);
  addInto(out, other.out);
}

namespace {

/// Four floats in one vector register: a GCC and Clang extension, SSE on
/// x86-64, NEON on AArch64, emulated where there is no such register.
using Float4 = float __attribute__((vector_size(16)));

Float4 load4(const float *from) {
  Float4 value;
  std::memcpy(&value, from, sizeof(value));
  return value;
}

void store4(Float4 value, float *to) { std::memcpy(to, &value, sizeof(value)); }

/// pre = node row + W f; returns out . ReLU(pre).
///
/// Sampling spends most of its time here (one call per legal action and
/// step), so pre is built kVectors x 4 values at a time, in registers while
/// every nonzero feature's column is added, and the dot product keeps that
/// many partial sums instead of one chain of dependent additions. Each
/// pre[h] adds its terms in feature order, as a plain loop would, and the
/// partial sums are fixed here, not by the vector width the compiler
/// targets, so the logits do not depend on it.
float evaluateHead(const HeadWeights &head, NodeId op, const float *features,
                   float *pre) {
  constexpr unsigned kVectors = 4, kChunk = 4 * kVectors;
  unsigned hidden = head.hidden;
  llvm::SmallVector<std::pair<float, const float *>, 16> terms;
  for (unsigned k = 0; k < head.numFeatures; ++k)
    if (features[k] != 0)
      terms.push_back({features[k], &head.feature[size_t(k) * hidden]});
  const float *nodeRow = &head.node[size_t(op) * hidden];
  const float *out = head.out.data();
  const Float4 zero = {};
  Float4 partial[kVectors] = {};
  unsigned h = 0;
  for (; h + kChunk <= hidden; h += kChunk) {
    Float4 chunk[kVectors];
    for (unsigned v = 0; v < kVectors; ++v)
      chunk[v] = load4(nodeRow + h + 4 * v);
    for (auto [value, column] : terms)
      for (unsigned v = 0; v < kVectors; ++v)
        chunk[v] += value * load4(column + h + 4 * v);
    for (unsigned v = 0; v < kVectors; ++v) {
      store4(chunk[v], pre + h + 4 * v);
      partial[v] +=
          load4(out + h + 4 * v) * (chunk[v] > zero ? chunk[v] : zero);
    }
  }
  float logit = 0;
  for (; h < hidden; ++h) {
    pre[h] = nodeRow[h];
    for (auto [value, column] : terms)
      pre[h] += value * column[h];
    logit += out[h] * std::max(pre[h], 0.0f);
  }
  for (Float4 sums : partial)
    for (unsigned lane = 0; lane < 4; ++lane)
      logit += sums[lane];
  return logit;
}

/// Adds g x d(logit)/d(weights) for one candidate evaluated by evaluateHead.
void backpropHead(const HeadWeights &head, NodeId op, const float *features,
                  const float *pre, float g, HeadGradients &grad) {
  // Row by row, so that every loop runs over contiguous memory: training
  // spent half its time here when each hidden unit walked a column of the
  // feature gradient. Inactive units add zeros and zero features nothing,
  // so the gradients are those of that loop to the bit.
  unsigned hidden = head.hidden;
  llvm::SmallVector<float, 128> dPre;
  dPre.resize_for_overwrite(hidden);
  const float *out = head.out.data();
  float *outGrad = grad.out.data();
  float *nodeGrad = &grad.node[size_t(op) * hidden];
  const Float4 zero = {};
  unsigned h = 0;
  for (; h + 4 <= hidden; h += 4) {
    Float4 preH = load4(pre + h);
    auto active = preH > zero; // -1 (all bits set) where true, else 0
    Float4 dPreH = active ? g * load4(out + h) : zero;
    store4(dPreH, &dPre[h]);
    store4(load4(outGrad + h) + (active ? g * preH : zero), outGrad + h);
    store4(load4(nodeGrad + h) + dPreH, nodeGrad + h);
  }
  for (; h < hidden; ++h) {
    bool active = pre[h] > 0;
    dPre[h] = active ? g * out[h] : 0.0f;
    outGrad[h] += active ? g * pre[h] : 0.0f;
    nodeGrad[h] += dPre[h];
  }
  for (unsigned k = 0; k < head.numFeatures; ++k) {
    if (features[k] == 0)
      continue;
    float *featureGrad = &grad.feature[size_t(k) * hidden];
    for (unsigned i = 0; i < hidden; ++i)
      featureGrad[i] += features[k] * dPre[i];
  }
}

void prepareScratch(const HeadWeights &head, size_t count,
                    HeadScratch &scratch) {
  scratch.features.resize(count * head.numFeatures);
  scratch.hiddenPre.resize(count * head.hidden);
  scratch.logits.resize(count);
}

/// softmax(logits) into probabilities.
void softmax(llvm::ArrayRef<float> logits, std::vector<double> &probabilities) {
  float maxLogit = *std::max_element(logits.begin(), logits.end());
  probabilities.resize(logits.size());
  double sum = 0;
  for (size_t i = 0; i < logits.size(); ++i)
    sum += probabilities[i] = std::exp(double(logits[i]) - maxLogit);
  for (double &p : probabilities)
    p /= sum;
}

/// Adds coefficient x d(log softmax(logits)[chosen]) / d(weights).
void backpropLogSoftmax(const HeadWeights &head, llvm::ArrayRef<NodeId> ops,
                        unsigned chosen, double coefficient,
                        const HeadScratch &scratch, HeadGradients &grad) {
  std::vector<double> probabilities;
  softmax(scratch.logits, probabilities);
  for (size_t c = 0; c < ops.size(); ++c) {
    double g = coefficient * ((c == chosen ? 1.0 : 0.0) - probabilities[c]);
    backpropHead(head, ops[c], &scratch.features[c * head.numFeatures],
                 &scratch.hiddenPre[c * head.hidden], float(g), grad);
  }
}

/// Adds d(wLog x log softmax(logits)[chosen] + wEntropy x H(softmax(logits)))
/// / d(weights), with dH / d logit_c = -p_c (log p_c + H).
void backpropStep(const HeadWeights &head, llvm::ArrayRef<NodeId> ops,
                  unsigned chosen, StepGradientWeights weights,
                  llvm::ArrayRef<double> logProbabilities, double entropy,
                  const HeadScratch &scratch, HeadGradients &grad) {
  if (weights.logProbability == 0 && weights.entropy == 0)
    return; // a clipped step without an entropy bonus
  for (size_t c = 0; c < ops.size(); ++c) {
    double p = std::exp(logProbabilities[c]);
    double g = weights.logProbability * ((c == chosen ? 1.0 : 0.0) - p) -
               weights.entropy * p * (logProbabilities[c] + entropy);
    backpropHead(head, ops[c], &scratch.features[c * head.numFeatures],
                 &scratch.hiddenPre[c * head.hidden], float(g), grad);
  }
}

/// log softmax(logits) into logProbabilities; returns the entropy.
double logSoftmaxAndEntropy(llvm::ArrayRef<float> logits,
                            std::vector<double> &logProbabilities) {
  float maxLogit = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float logit : logits)
    sum += std::exp(double(logit) - maxLogit);
  double logSum = std::log(sum), entropy = 0;
  logProbabilities.resize(logits.size());
  for (size_t c = 0; c < logits.size(); ++c) {
    logProbabilities[c] = double(logits[c]) - maxLogit - logSum;
    entropy -= std::exp(logProbabilities[c]) * logProbabilities[c];
  }
  return entropy;
}

unsigned indexOfAction(llvm::ArrayRef<ForwardAction> actions,
                       ForwardAction action) {
  auto it = llvm::find(actions, action);
  assert(it != actions.end() && "action not legal in this state");
  return it - actions.begin();
}

/// The op of each legal forward action in `scratch`, as the backprop
/// helpers take the candidates.
void collectActionOps(const HeadScratch &scratch,
                      llvm::SmallVectorImpl<NodeId> &ops) {
  ops.clear();
  for (ForwardAction action : scratch.actions)
    ops.push_back(action.op);
}

unsigned indexOfOp(llvm::ArrayRef<NodeId> ops, NodeId op) {
  auto it = llvm::find(ops, op);
  assert(it != ops.end() && "op not removable in this state");
  return it - ops.begin();
}

/// log P_B of removing `op` from the current state of `env`.
double logBackwardProbability(const PolicyWeights &weights,
                              const ScheduleEnv &env, NodeId op,
                              HeadScratch &scratch) {
  if (weights.uniformBackward()) {
    env.getRemovableOps(scratch.removable);
    return -std::log(double(scratch.removable.size()));
  }
  computeBackwardLogits(weights.backward, env, scratch);
  return logSoftmaxAt(scratch.logits, indexOfOp(scratch.removable, op));
}

} // namespace

void computeForwardLogits(const HeadWeights &head, const ScheduleEnv &env,
                          HeadScratch &scratch) {
  env.getForwardActions(scratch.actions);
  prepareScratch(head, scratch.actions.size(), scratch);
  for (auto [c, action] : llvm::enumerate(scratch.actions)) {
    float *features = &scratch.features[c * head.numFeatures];
    env.forwardFeatures(action, features);
    scratch.logits[c] = evaluateHead(head, action.op, features,
                                     &scratch.hiddenPre[c * head.hidden]);
  }
}

void computeBackwardLogits(const HeadWeights &head, const ScheduleEnv &env,
                           HeadScratch &scratch) {
  env.getRemovableOps(scratch.removable);
  prepareScratch(head, scratch.removable.size(), scratch);
  for (auto [c, op] : llvm::enumerate(scratch.removable)) {
    float *features = &scratch.features[c * head.numFeatures];
    env.backwardFeatures(op, features);
    scratch.logits[c] =
        evaluateHead(head, op, features, &scratch.hiddenPre[c * head.hidden]);
  }
}

double logSoftmaxAt(llvm::ArrayRef<float> logits, unsigned index) {
  float maxLogit = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float logit : logits)
    sum += std::exp(double(logit) - maxLogit);
  return double(logits[index]) - maxLogit - std::log(sum);
}

LogitDraw sampleFromLogits(llvm::ArrayRef<float> logits, Rng &rng) {
  // Each exp once: they were a tenth of sampling's time when the draw and
  // the log-probability computed them again.
  float maxLogit = *std::max_element(logits.begin(), logits.end());
  llvm::SmallVector<double, 64> weights;
  weights.reserve(logits.size());
  double sum = 0;
  for (float logit : logits)
    sum += weights.emplace_back(std::exp(double(logit) - maxLogit));
  double target = uniformReal(rng) * sum;
  unsigned index = logits.size() - 1;
  for (auto [i, weight] : llvm::enumerate(weights)) {
    target -= weight;
    if (target < 0) {
      index = i;
      break;
    }
  }
  // As logSoftmaxAt computes it.
  return {index, double(logits[index]) - maxLogit - std::log(sum)};
}

Schedule toSchedule(const Problem &problem, const Trajectory &trajectory) {
  Schedule schedule(problem.numOps(), problem.numUnits());
  for (ForwardAction action : trajectory.actions)
    schedule.append(action.op, action.unit);
  return schedule;
}

namespace {
/// sampleTrajectory(), and with `gradients` also the work of
/// accumulateTrajectoryGradients() at coefficient 1 on the logits just
/// computed (which needs scoreBackward).
Trajectory sampleAndDifferentiate(const PolicyWeights &weights,
                                  ScheduleEnv &env, Rng &rng,
                                  HeadScratch &scratch, bool scoreBackward,
                                  TrajectoryGradients *gradients) {
  assert((!gradients || scoreBackward) && "gradients need the backward head");
  env.reset();
  Trajectory trajectory;
  trajectory.actions.reserve(env.getProblem().numOps());
  llvm::SmallVector<NodeId> ops;
  while (!env.isDone()) {
    computeForwardLogits(weights.forward, env, scratch);
    LogitDraw draw = sampleFromLogits(scratch.logits, rng);
    trajectory.logForward += draw.logProbability;
    ForwardAction action = scratch.actions[draw.index];
    if (gradients) {
      collectActionOps(scratch, ops);
      backpropLogSoftmax(weights.forward, ops, draw.index, 1.0, scratch,
                         gradients->forward);
    }
    env.step(action);
    if (scoreBackward) {
      trajectory.logBackward +=
          logBackwardProbability(weights, env, action.op, scratch);
      if (gradients && !weights.uniformBackward())
        backpropLogSoftmax(weights.backward, scratch.removable,
                           indexOfOp(scratch.removable, action.op), -1.0,
                           scratch, gradients->backward);
    }
    trajectory.actions.push_back(action);
  }
  trajectory.makespan = env.makespan();
  return trajectory;
}
} // namespace

Trajectory sampleTrajectory(const PolicyWeights &weights, ScheduleEnv &env,
                            Rng &rng, HeadScratch &scratch,
                            bool scoreBackward) {
  return sampleAndDifferentiate(weights, env, rng, scratch, scoreBackward,
                                /*gradients=*/nullptr);
}

Trajectory sampleTrajectoryWithGradients(const PolicyWeights &weights,
                                         ScheduleEnv &env, Rng &rng,
                                         HeadScratch &scratch,
                                         TrajectoryGradients &gradients) {
  gradients.forward.resizeLike(weights.forward);
  gradients.backward.resizeLike(weights.backward);
  return sampleAndDifferentiate(weights, env, rng, scratch,
                                /*scoreBackward=*/true, &gradients);
}

void accumulateTrajectoryGradients(const PolicyWeights &weights,
                                   const Trajectory &trajectory,
                                   double coefficient, ScheduleEnv &env,
                                   HeadScratch &scratch,
                                   HeadGradients &forwardGrad,
                                   HeadGradients &backwardGrad) {
  env.reset();
  llvm::SmallVector<NodeId> ops;
  for (ForwardAction action : trajectory.actions) {
    computeForwardLogits(weights.forward, env, scratch);
    collectActionOps(scratch, ops);
    backpropLogSoftmax(weights.forward, ops,
                       indexOfAction(scratch.actions, action), coefficient,
                       scratch, forwardGrad);
    env.step(action);
    if (weights.uniformBackward())
      continue;
    computeBackwardLogits(weights.backward, env, scratch);
    backpropLogSoftmax(weights.backward, scratch.removable,
                       indexOfOp(scratch.removable, action.op), -coefficient,
                       scratch, backwardGrad);
  }
}

void accumulateStepGradients(const HeadWeights &forward,
                             const Trajectory &trajectory, StepWeigher weigh,
                             ScheduleEnv &env, HeadScratch &scratch,
                             HeadGradients &forwardGrad) {
  env.reset();
  llvm::SmallVector<NodeId> ops;
  std::vector<double> logProbabilities;
  for (auto [step, action] : llvm::enumerate(trajectory.actions)) {
    computeForwardLogits(forward, env, scratch);
    unsigned chosen = indexOfAction(scratch.actions, action);
    double entropy = logSoftmaxAndEntropy(scratch.logits, logProbabilities);
    // logSoftmaxAt, as in sampling, so that a replay with the sampling
    // weights gives back the sampler's log-probabilities bit for bit.
    StepGradientWeights weights =
        weigh(step, logSoftmaxAt(scratch.logits, chosen), entropy);
    collectActionOps(scratch, ops);
    backpropStep(forward, ops, chosen, weights, logProbabilities, entropy,
                 scratch, forwardGrad);
    env.step(action);
  }
}

} // namespace gfsched
