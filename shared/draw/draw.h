#pragma once
// The double-random draw (双随机): targets drawn from the plan's eligible organisations, then
// at least two inspectors drawn for each target from the pool, honouring the avoidance rules.
// A pure function of (plan, seed): the algorithm is specified in shared/draw/README.md so that
// anyone can re-implement it and check a published result.

#include "draw_plan.h"
#include "seed_commitment.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace fieldseal::draw {

inline constexpr const char* kResultFormat = "fieldseal-draw-result/1"; // of fieldseal-draw/1
inline constexpr const char* kAlgorithm = "fieldseal-draw/1";
inline constexpr const char* kResultFormatV2 = "fieldseal-draw-result/2"; // of fieldseal-draw/2 (the cap)
inline constexpr const char* kAlgorithmV2 = "fieldseal-draw/2";

// The algorithm of a plan: fieldseal-draw/1 for fieldseal-draw-plan/1, /2 for /2.
const char* algorithmOf(const DrawPlan& plan);
// True for the result formats this library writes and re-runs (/1 and /2).
bool isDrawResultFormat(const std::string& format);

struct DrawTask {
    std::uint32_t number = 0; // 1-based, in draw order
    PlanOrganisation organisation;
    std::vector<PlanInspector> inspectors; // in draw order
};

struct DrawResult {
    std::string planId;
    std::string planSha256; // hex SHA-256 of the plan's RFC 8785 form
    Seed seed;
    std::string seedSha256;
    std::uint64_t eligibleCount = 0;
    std::uint64_t sampleSize = 0;
    std::string algorithm; // kAlgorithm or kAlgorithmV2
    std::vector<DrawTask> tasks;
};

// Organisations the plan may draw: of the plan's kind, in one of its districts, sorted by USCC.
std::vector<PlanOrganisation> eligibleOrganisations(const DrawPlan& plan);
// Inspectors who may inspect `org` (avoidance applied), sorted by id.
std::vector<PlanInspector> eligibleInspectors(const DrawPlan& plan, const PlanOrganisation& org);
// The sample size for `eligible` organisations: size, or ceil(eligible * basis points / 10000).
std::uint64_t sampleSizeFor(const DrawPlan& plan, std::uint64_t eligible);

// The refusals of README step 8 (and 8b for fieldseal-draw/2), which do not depend on the seed: Ok when the plan can be drawn,
// otherwise the same error runDraw gives (a server checks this when the plan is made, so that a
// too-small pool is refused before a seed is committed).
Status checkDrawable(const DrawPlan& plan);

// Runs the draw. Refused (Validation/InvalidInput, a message saying what to change) when the
// seed does not match the plan's commitment, when fewer organisations are eligible than the
// sample asks for, or when any eligible organisation has fewer eligible inspectors than a task
// needs, or (fieldseal-draw/2) when the pool's capacity under max_tasks_per_inspector is too
// small; these checks do not depend on the seed. fieldseal-draw/2 also refuses a drawn sample
// whose avoidance rules leave no assignment within the cap (README step 10b), which does.
Result<DrawResult> runDraw(const DrawPlan& plan, const Seed& seed);

// The published result (format "fieldseal-draw-result/1", or /2 with max_tasks_per_inspector
// for fieldseal-draw/2 plans); no clock in it, so re-running the
// draw gives byte-identical canonical JSON.
nlohmann::json drawResultToJson(const DrawPlan& plan, const DrawResult& result);

// Compares a published result (the result JSON, or a sealed envelope carrying it as payload)
// with the re-run one: Ok, or an error naming the first difference.
Status compareDrawResult(const nlohmann::json& published, const nlohmann::json& recomputed);

} // namespace fieldseal::draw
