/**
 * Patients whose charts record things the way real EHRs do and rules v2 reads them
 * (clinical-rules.md §10): a transplant only in the surgical history, a dose only in the sig text,
 * a therapeutic INR on warfarin, azathioprine already cut for allopurinol, a switch made in remission.
 */
import { addCondition, addLiverTransplantProcedure } from './chart.js';
import { definePatient, type PatientGenerator } from './define.js';
import { addLabs, addWeight } from './labs.js';
import { addCourse } from './medications.js';

/** Liver transplant recorded only as a completed Procedure: out of scope, refer (§1, §4). */
export const quirin: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-quirin',
      given: 'Quirin',
      family: 'Testpatient',
      gender: 'male',
      age: 57,
      mrn: 'DEMO-1017',
      shape: 'epic',
      description:
        'AIH after a liver transplant found only in the surgical history (a Procedure), ALT still raised: out of scope, refer.',
      expected: {
        response: 'out-of-scope',
        suggested: ['refer-specialist-centre'],
        absent: ['check-adherence', 'measure-thiopurine-metabolites'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -2000);
      addLiverTransplantProcedure(chart, -1100);
      addCourse(chart, { ingredient: 'prednisone', start: -1000, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -1000, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-1001, 180],
        [-900, 60],
        [-600, 70],
        [-300, 75],
        [-30, 80],
      ]);
      addLabs(chart, 'ast', [
        [-1001, 150],
        [-600, 55],
        [-300, 58],
        [-30, 60],
      ]);
      addLabs(chart, 'igg', [
        [-1001, 21],
        [-300, 17.5],
        [-30, 17.8],
      ]);
    },
  );

/**
 * Azathioprine ordered with a free-text sig only ("Take 2 tablets by mouth daily" of a 50 mg tablet:
 * 100 mg/day) and 6-MMP disproportionately raised: allopurinol, with azathioprine reduced to 25 mg.
 */
export const rosa: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-rosa',
      given: 'Rosa',
      family: 'Testpatient',
      gender: 'female',
      age: 39,
      mrn: 'DEMO-1018',
      shape: 'epic',
      description:
        'Insufficient response; azathioprine dose only in the sig text (2 × 50 mg daily), 6-MMP 9100: allopurinol and azathioprine 25 mg.',
      expected: {
        response: 'insufficient-response',
        suggested: ['check-adherence', 'add-allopurinol'],
        absent: ['optimise-azathioprine', 'measure-thiopurine-metabolites'],
        notMissing: ['azathioprine-dose'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -330);
      addCourse(chart, { ingredient: 'prednisone', start: -300, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, {
        ingredient: 'azathioprine',
        start: -300,
        doseMg: 100,
        timesPerDay: 1,
        sig: 'Take 2 tablets by mouth daily.',
      });
      addWeight(chart, -20, 68);
      addLabs(chart, 'alt', [
        [-301, 320],
        [-272, 140],
        [-200, 95],
        [-140, 80],
        [-60, 74],
        [-10, 70],
      ]);
      addLabs(chart, 'ast', [
        [-301, 260],
        [-200, 70],
        [-60, 52],
        [-10, 50],
      ]);
      addLabs(chart, 'igg', [
        [-301, 26],
        [-140, 19],
        [-10, 18.5],
      ]);
      addLabs(chart, 'tgn6', [[-45, 150]]);
      addLabs(chart, 'mmp6', [[-45, 9100]]);
    },
  );

/** On warfarin for atrial fibrillation, INR 2.5, no liver decompensation: not `decompensated` (§7). */
export const sven: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-sven',
      given: 'Sven',
      family: 'Testpatient',
      gender: 'male',
      age: 66,
      mrn: 'DEMO-1019',
      shape: 'oracle',
      description:
        'Complete response on prednisolone + azathioprine; on warfarin for atrial fibrillation with INR 2.5: no decompensation.',
      expected: {
        response: 'complete-biochemical-response',
        suggested: ['continue-current-therapy'],
        absent: ['refer-specialist-centre'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -500);
      addCourse(chart, {
        ingredient: 'warfarin',
        start: -900,
        doseMg: 5,
        timesPerDay: 1,
        reason: { snomed: '49436004', display: 'Atrial fibrillation' },
      });
      addCourse(chart, { ingredient: 'prednisolone', start: -480, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -480, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-481, 300],
        [-452, 90],
        [-400, 38],
        [-300, 30],
        [-150, 28],
        [-20, 29],
      ]);
      addLabs(chart, 'ast', [
        [-481, 250],
        [-400, 30],
        [-300, 26],
        [-20, 25],
      ]);
      addLabs(chart, 'igg', [
        [-481, 22],
        [-400, 15],
        [-300, 13],
        [-20, 12.5],
      ]);
      addLabs(chart, 'inr', [
        [-110, 2.8],
        [-20, 2.5],
      ]);
    },
  );

/**
 * Azathioprine cut from 100 mg to 25 mg (25 %) when allopurinol was added, still above ULN: already optimised, so MMF or tacrolimus, never a higher azathioprine dose (§6, v2).
 */
export const tilda: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-tilda',
      given: 'Tilda',
      family: 'Testpatient',
      gender: 'female',
      age: 52,
      mrn: 'DEMO-1020',
      shape: 'oracle',
      description:
        'Insufficient response on azathioprine cut to 25 mg with allopurinol (6-MMP 1600, 6-TGN 190): already optimised, MMF vs tacrolimus.',
      expected: {
        response: 'insufficient-response',
        suggested: ['check-adherence', 'mmf-after-optimisation', 'consider-tacrolimus'],
        absent: ['optimise-azathioprine', 'add-allopurinol', 'measure-thiopurine-metabolites'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -520);
      addCourse(chart, { ingredient: 'prednisolone', start: -500, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -500, end: -250, doseMg: 100, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -250, doseMg: 25, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'allopurinol', start: -250, doseMg: 100, timesPerDay: 1 });
      addWeight(chart, -30, 70);
      addLabs(chart, 'alt', [
        [-501, 400],
        [-472, 160],
        [-400, 110],
        [-300, 95],
        [-200, 88],
        [-120, 84],
        [-60, 80],
        [-15, 78],
      ]);
      addLabs(chart, 'ast', [
        [-501, 330],
        [-400, 85],
        [-200, 66],
        [-60, 60],
        [-15, 58],
      ]);
      addLabs(chart, 'igg', [
        [-501, 27],
        [-300, 20],
        [-120, 19],
        [-15, 18.6],
      ]);
      addLabs(chart, 'tgn6', [
        [-270, 120],
        [-60, 190],
      ]);
      addLabs(chart, 'mmp6', [
        [-270, 9800],
        [-60, 1600],
      ]);
    },
  );

/**
 * Switched from azathioprine (nausea) to mycophenolate while in remission: the baseline is normal,
 * so the unchanged ALT at week 4 is no non-response (§4, v2); too early to judge the new regimen.
 */
export const ulla: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-ulla',
      given: 'Ulla',
      family: 'Testpatient',
      gender: 'female',
      age: 45,
      mrn: 'DEMO-1021',
      shape: 'epic',
      description:
        'In remission, azathioprine replaced by mycophenolate four months ago for nausea; ALT normal throughout: too early, not non-response.',
      expected: {
        response: 'too-early',
        suggested: ['reassess-at-6-months'],
        absent: ['refer-specialist-centre', 'reconsider-diagnosis'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -760);
      addCourse(chart, { ingredient: 'prednisone', start: -740, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, {
        ingredient: 'azathioprine',
        start: -740,
        end: -126,
        doseMg: 100,
        timesPerDay: 1,
        stoppedBecause: 'Persistent nausea and vomiting on azathioprine',
      });
      addCourse(chart, { ingredient: 'mycophenolate', start: -125, doseMg: 1000, timesPerDay: 2 });
      addLabs(chart, 'alt', [
        [-741, 420],
        [-712, 150],
        [-650, 45],
        [-600, 32],
        [-450, 30],
        [-300, 28],
        [-140, 30],
        [-97, 28],
        [-60, 27],
        [-14, 29],
      ]);
      addLabs(chart, 'ast', [
        [-741, 350],
        [-650, 33],
        [-600, 28],
        [-300, 25],
        [-140, 26],
        [-97, 24],
        [-14, 25],
      ]);
      // IgG not repeated since the switch: no complete-response panel on the new regimen yet.
      addLabs(chart, 'igg', [
        [-741, 25],
        [-600, 14],
        [-300, 13],
        [-140, 12.8],
      ]);
    },
  );
