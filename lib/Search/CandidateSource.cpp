//===- CandidateSource.cpp - The classic candidate sources ----------------===//

#include "gfsched/Search/CandidateSource.h"

#include "gfsched/Search/Schedulers.h"

using namespace gfsched;

// Anchors the vtable in this file.
CandidateSource::~CandidateSource() = default;

namespace {

/// The single schedule of a deterministic scheduler, however many are asked
/// for: more copies would add nothing.
class DeterministicSource : public CandidateSource {
public:
  using Scheduler = Schedule (*)(const Problem &);
  explicit DeterministicSource(Scheduler schedule) : schedule(schedule) {}

  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned /*count*/,
                                             double /*temperature*/,
                                             Rng & /*rng*/) override {
    std::vector<Schedule> schedules;
    schedules.push_back(schedule(problem));
    return schedules;
  }

private:
  Scheduler schedule;
};

/// `count` independent draws of a randomised scheduler.
class SamplingSource : public CandidateSource {
public:
  using Sampler = Schedule (*)(const Problem &, Rng &);
  explicit SamplingSource(Sampler sample) : sample(sample) {}

  llvm::Expected<std::vector<Schedule>> draw(const Problem &problem,
                                             unsigned count,
                                             double /*temperature*/,
                                             Rng &rng) override {
    std::vector<Schedule> schedules;
    schedules.reserve(count);
    for (unsigned i = 0; i < count; ++i)
      schedules.push_back(sample(problem, rng));
    return schedules;
  }

private:
  Sampler sample;
};

} // namespace

std::unique_ptr<CandidateSource> gfsched::createListSource() {
  return std::make_unique<DeterministicSource>(listSchedule);
}

std::unique_ptr<CandidateSource> gfsched::createProgramOrderSource() {
  return std::make_unique<DeterministicSource>(programOrderSchedule);
}

std::unique_ptr<CandidateSource> gfsched::createRandomSource() {
  return std::make_unique<SamplingSource>(randomSchedule);
}

std::unique_ptr<CandidateSource> gfsched::createRandomListSource() {
  return std::make_unique<SamplingSource>(randomListSchedule);
}
