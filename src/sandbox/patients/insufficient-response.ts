/**
 * Patients whose first-line treatment has not brought a complete biochemical response by six
 * months (IAIHG-2022), on the recommendation paths of clinical-rules.md §6.
 */
import { addCondition } from './chart.js';
import { definePatient, type PatientGenerator } from './define.js';
import { addLabs, addWeight } from './labs.js';
import { addCourse } from './medications.js';

/** Optimised azathioprine (≥ 2 mg/kg/day, 6-TGN ≥ 220) and still above ULN: MMF or tacrolimus. */
export const ada: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-ada',
      given: 'Ada',
      family: 'Testpatient',
      gender: 'female',
      age: 58,
      mrn: 'DEMO-1001',
      shape: 'epic',
      description:
        'Insufficient response after 10 months of prednisone + optimised azathioprine (ALT ~1.7×ULN): MMF vs tacrolimus.',
      expected: {
        response: 'insufficient-response',
        qualifiers: ['tailor-like'],
        suggested: ['check-adherence', 'mmf-after-optimisation', 'consider-tacrolimus'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -320);
      addCourse(chart, { ingredient: 'prednisone', start: -300, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -300, doseMg: 150, timesPerDay: 1 });
      addWeight(chart, -60, 72);
      addLabs(chart, 'alt', [
        [-302, 410],
        [-272, 150],
        [-240, 110],
        [-200, 95],
        [-150, 84],
        [-100, 76],
        [-60, 70],
        [-30, 72],
        [-6, 68],
      ]);
      addLabs(chart, 'ast', [
        [-302, 320],
        [-272, 120],
        [-200, 70],
        [-150, 62],
        [-100, 58],
        [-60, 55],
        [-30, 54],
        [-6, 52],
      ]);
      addLabs(chart, 'igg', [
        [-302, 28],
        [-200, 21],
        [-150, 19.5],
        [-60, 18.8],
        [-6, 18.2],
      ]);
      addLabs(chart, 'tgn6', [[-60, 310]]);
      addLabs(chart, 'mmp6', [[-60, 2400]]);
      addLabs(chart, 'wbc', [[-6, 5.8]]);
      addLabs(chart, 'egfr', [[-6, 92]]);
    },
  );

/** Azathioprine below 2 mg/kg/day with low 6-TGN and normal 6-MMP: increase the dose. */
export const olga: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-olga',
      given: 'Olga',
      family: 'Testpatient',
      gender: 'female',
      age: 44,
      mrn: 'DEMO-1015',
      shape: 'epic',
      description:
        'Insufficient response on azathioprine 50 mg/day (0.7 mg/kg), 6-TGN low, 6-MMP normal: optimise the dose.',
      expected: {
        response: 'insufficient-response',
        suggested: ['check-adherence', 'optimise-azathioprine'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -290);
      addCourse(chart, { ingredient: 'prednisone', start: -280, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -280, doseMg: 50, timesPerDay: 1 });
      addWeight(chart, -20, 70);
      addLabs(chart, 'alt', [
        [-281, 300],
        [-252, 120],
        [-200, 85],
        [-140, 70],
        [-90, 66],
        [-20, 64],
      ]);
      addLabs(chart, 'ast', [
        [-281, 250],
        [-252, 90],
        [-200, 60],
        [-140, 50],
        [-20, 48],
      ]);
      addLabs(chart, 'igg', [
        [-281, 24],
        [-140, 19],
        [-20, 18],
      ]);
      addLabs(chart, 'tgn6', [[-50, 140]]);
      addLabs(chart, 'mmp6', [[-50, 1900]]);
    },
  );

/** Decompensated cirrhosis, 6-MMP disproportionately raised: refer first; allopurinol co-therapy. */
export const nils: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-nils',
      given: 'Nils',
      family: 'Testpatient',
      gender: 'male',
      age: 61,
      mrn: 'DEMO-1014',
      shape: 'oracle',
      description:
        'Cirrhosis with new ascites and INR 1.6; insufficient response, 6-MMP 8200: refer, consider allopurinol.',
      expected: {
        response: 'insufficient-response',
        suggested: ['refer-specialist-centre', 'add-allopurinol'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -500);
      addCondition(chart, 'cirrhosis', -500);
      addCondition(chart, 'decompensation', -60);
      addCourse(chart, { ingredient: 'prednisolone', start: -480, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -480, doseMg: 100, timesPerDay: 1 });
      addWeight(chart, -30, 80);
      addLabs(chart, 'alt', [
        [-481, 350],
        [-452, 150],
        [-400, 110],
        [-300, 95],
        [-200, 90],
        [-100, 85],
        [-30, 88],
      ]);
      addLabs(chart, 'ast', [
        [-481, 300],
        [-452, 110],
        [-300, 80],
        [-100, 70],
        [-30, 72],
      ]);
      addLabs(chart, 'igg', [
        [-481, 30],
        [-300, 22],
        [-100, 21],
        [-30, 20.5],
      ]);
      addLabs(chart, 'inr', [[-30, 1.6]]);
      addLabs(chart, 'tgn6', [[-90, 180]]);
      addLabs(chart, 'mmp6', [[-90, 8200]]);
    },
  );

/** Second line (MMF) has failed too: tacrolimus, with reduced kidney function to weigh. */
export const lars: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-lars',
      given: 'Lars',
      family: 'Testpatient',
      gender: 'male',
      age: 49,
      mrn: 'DEMO-1012',
      shape: 'oracle',
      description:
        'Still above ULN after a year of mycophenolate (second line); eGFR 52: tacrolimus and referral.',
      expected: {
        response: 'insufficient-response',
        qualifiers: ['second-line-failure'],
        suggested: ['refer-specialist-centre', 'consider-tacrolimus'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -760);
      addCourse(chart, { ingredient: 'prednisone', start: -740, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -740, end: -420, doseMg: 150, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'mycophenolate', start: -380, doseMg: 1000, timesPerDay: 2 });
      addLabs(chart, 'alt', [
        [-740, 500],
        [-700, 160],
        [-600, 130],
        [-500, 120],
        [-400, 150],
        [-330, 105],
        [-300, 100],
        [-230, 95],
        [-180, 90],
        [-100, 88],
        [-20, 92],
      ]);
      addLabs(chart, 'ast', [
        [-740, 420],
        [-600, 100],
        [-400, 110],
        [-300, 85],
        [-180, 80],
        [-20, 78],
      ]);
      addLabs(chart, 'igg', [
        [-740, 31],
        [-400, 22],
        [-230, 20],
        [-20, 19.5],
      ]);
      addLabs(chart, 'egfr', [[-20, 52]]);
    },
  );
