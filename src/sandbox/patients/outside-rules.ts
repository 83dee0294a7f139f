/** Patients outside the response rules: no AIH, a variant syndrome, not yet treated (clinical-rules.md §4). */
import { addCondition } from './chart.js';
import { definePatient, type PatientGenerator } from './define.js';
import { addLabs } from './labs.js';
import { addCourse } from './medications.js';

export const hugo: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-hugo',
      given: 'Hugo',
      family: 'Testpatient',
      gender: 'male',
      age: 54,
      mrn: 'DEMO-1008',
      shape: 'oracle',
      description: 'Raised ALT without autoimmune hepatitis on the problem list: not applicable.',
      expected: { response: 'not-applicable' },
    },
    (chart) => {
      addLabs(chart, 'alt', [
        [-200, 85],
        [-100, 92],
        [-10, 88],
      ]);
      addLabs(chart, 'ast', [
        [-100, 58],
        [-10, 60],
      ]);
    },
  );

export const ines: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-ines',
      given: 'Ines',
      family: 'Testpatient',
      gender: 'female',
      age: 48,
      mrn: 'DEMO-1009',
      shape: 'epic',
      description: 'AIH with primary biliary cholangitis (variant syndrome): out of scope, refer.',
      expected: { response: 'out-of-scope', suggested: ['refer-specialist-centre'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -320);
      addCondition(chart, 'pbc', -320);
      addCourse(chart, { ingredient: 'prednisone', start: -300, doseMg: 10, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -300, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-301, 260],
        [-150, 90],
        [-20, 75],
      ]);
      addLabs(chart, 'ast', [
        [-301, 200],
        [-150, 70],
        [-20, 60],
      ]);
      addLabs(chart, 'igg', [
        [-301, 21],
        [-20, 17],
      ]);
    },
  );

export const jonas: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-jonas',
      given: 'Jonas',
      family: 'Testpatient',
      gender: 'male',
      age: 33,
      mrn: 'DEMO-1010',
      shape: 'oracle',
      description: 'AIH diagnosed six weeks ago, no treatment recorded yet.',
      expected: { response: 'untreated' },
    },
    (chart) => {
      addCondition(chart, 'aih', -40);
      addLabs(chart, 'alt', [
        [-45, 380],
        [-10, 410],
      ]);
      addLabs(chart, 'ast', [
        [-45, 300],
        [-10, 320],
      ]);
      addLabs(chart, 'igg', [[-45, 26]]);
    },
  );
