/** Patients with drug intolerance (clinical-rules.md §5): the switch recommendations and what blocks them. */
import { addCondition, addIntolerance, type Chart } from './chart.js';
import { definePatient, type PatientGenerator } from './define.js';
import { addLabs, addPregnancyStatus } from './labs.js';
import { addCourse } from './medications.js';

/** Labs of a patient who reached a complete response at about four months and kept it. */
function respondingLabs(chart: Chart, start: number): void {
  addLabs(chart, 'alt', [
    [start - 1, 400],
    [start + 28, 120],
    [start + 80, 45],
    [start + 120, 36],
    [start + 200, 31],
    [-60, 29],
    [-10, 33],
  ]);
  addLabs(chart, 'ast', [
    [start - 1, 310],
    [start + 28, 85],
    [start + 80, 40],
    [start + 120, 30],
    [start + 200, 28],
    [-60, 27],
    [-10, 29],
  ]);
  addLabs(chart, 'igg', [
    [start - 1, 27],
    [start + 80, 18],
    [start + 120, 15.5],
    [start + 200, 14],
    [-10, 14.6],
  ]);
}

export const kirsi: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-kirsi',
      given: 'Kirsi',
      family: 'Testpatient',
      gender: 'female',
      age: 34,
      mrn: 'DEMO-1011',
      shape: 'epic',
      description:
        'Azathioprine stopped 6 weeks ago for pancreatitis after a complete response: switch to MMF.',
      expected: {
        response: 'complete-biochemical-response',
        suggested: ['switch-to-mmf', 'switch-to-mercaptopurine-or-thioguanine'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -330);
      addCourse(chart, { ingredient: 'prednisone', start: -320, doseMg: 7.5, timesPerDay: 1 });
      addCourse(chart, {
        ingredient: 'azathioprine',
        start: -310,
        end: -40,
        doseMg: 100,
        timesPerDay: 1,
        stoppedBecause: 'Stopped because of an adverse effect: acute pancreatitis',
      });
      addIntolerance(chart, 'azathioprine', 'Acute pancreatitis', -40);
      respondingLabs(chart, -320);
    },
  );

export const mira: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-mira',
      given: 'Mira',
      family: 'Testpatient',
      gender: 'female',
      age: 31,
      mrn: 'DEMO-1013',
      shape: 'epic',
      description:
        'Pregnant; azathioprine stopped a month ago for intolerance: MMF is blocked, 6-MP/6-TG remain.',
      expected: {
        response: 'complete-biochemical-response',
        suggested: ['switch-to-mercaptopurine-or-thioguanine'],
        blocked: ['switch-to-mmf'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -310);
      addCondition(chart, 'pregnancy', -70);
      addPregnancyStatus(chart, -20);
      addCourse(chart, { ingredient: 'prednisone', start: -300, doseMg: 7.5, timesPerDay: 1 });
      addCourse(chart, {
        ingredient: 'azathioprine',
        start: -290,
        end: -30,
        doseMg: 100,
        timesPerDay: 1,
        stoppedBecause: 'Intolerance: persistent nausea and vomiting',
      });
      respondingLabs(chart, -300);
    },
  );

export const pavel: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-pavel',
      given: 'Pavel',
      family: 'Testpatient',
      gender: 'male',
      age: 57,
      mrn: 'DEMO-1016',
      shape: 'oracle',
      description:
        'Prednisolone stopped 3 weeks ago for steroid-induced diabetes, no cirrhosis: switch to budesonide.',
      expected: { response: 'complete-biochemical-response', suggested: ['switch-to-budesonide'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -260);
      addCourse(chart, {
        ingredient: 'prednisolone',
        start: -250,
        end: -21,
        doseMg: 10,
        timesPerDay: 1,
        stoppedBecause: 'Adverse effect: steroid-induced diabetes mellitus',
      });
      addIntolerance(chart, 'prednisolone', 'Steroid-induced diabetes mellitus', -21);
      addCourse(chart, { ingredient: 'azathioprine', start: -250, doseMg: 100, timesPerDay: 1 });
      respondingLabs(chart, -250);
    },
  );
