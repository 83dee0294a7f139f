/** One patient per response state of a treated AIH patient (clinical-rules.md §4). */
import { addCondition } from './chart.js';
import { definePatient, type PatientGenerator } from './define.js';
import { addLabs } from './labs.js';
import { addCourse } from './medications.js';

export const bruno: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-bruno',
      given: 'Bruno',
      family: 'Testpatient',
      gender: 'male',
      age: 45,
      mrn: 'DEMO-1002',
      shape: 'oracle',
      description:
        'Complete biochemical response at 4 months on prednisone + azathioprine (ALT reported in µkat/L).',
      expected: { response: 'complete-biochemical-response', suggested: ['continue-current-therapy'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -420);
      addCourse(chart, { ingredient: 'prednisone', start: -400, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -400, doseMg: 100, timesPerDay: 1 });
      const micro = { microkatal: true };
      addLabs(
        chart,
        'alt',
        [
          [-401, 520],
          [-372, 130],
          [-340, 60],
          [-290, 35],
          [-200, 28],
          [-110, 30],
          [-20, 26],
        ],
        micro,
      );
      addLabs(
        chart,
        'ast',
        [
          [-401, 390],
          [-372, 90],
          [-340, 45],
          [-290, 30],
          [-200, 25],
          [-110, 27],
          [-20, 24],
        ],
        micro,
      );
      addLabs(chart, 'igg', [
        [-401, 24],
        [-340, 17.5],
        [-290, 14.2],
        [-200, 13],
        [-110, 12.5],
        [-20, 12.8],
      ]);
    },
  );

export const cleo: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-cleo',
      given: 'Cleo',
      family: 'Testpatient',
      gender: 'female',
      age: 62,
      mrn: 'DEMO-1003',
      shape: 'epic',
      description: 'Late response: ALT, AST and IgG first all normal at 9 months; normal since.',
      expected: { response: 'late-response', suggested: ['continue-current-therapy'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -440);
      addCourse(chart, { ingredient: 'prednisone', start: -420, doseMg: 7.5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -420, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-421, 380],
        [-392, 140],
        [-330, 90],
        [-260, 62],
        [-200, 55],
        [-180, 44],
        [-150, 38],
        [-100, 30],
        [-15, 28],
      ]);
      addLabs(chart, 'ast', [
        [-421, 300],
        [-392, 100],
        [-330, 60],
        [-260, 45],
        [-200, 40],
        [-150, 33],
        [-100, 28],
        [-15, 26],
      ]);
      addLabs(chart, 'igg', [
        [-421, 25],
        [-330, 19],
        [-260, 17.5],
        [-200, 16.5],
        [-150, 15.2],
        [-100, 14],
        [-15, 13.5],
      ]);
    },
  );

export const dario: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-dario',
      given: 'Dario',
      family: 'Testpatient',
      gender: 'male',
      age: 39,
      mrn: 'DEMO-1004',
      shape: 'epic',
      description: 'Loss of response: normal for a year, now ALT 2.4×ULN on maintenance therapy.',
      expected: {
        response: 'loss-of-response',
        suggested: ['check-adherence', 'measure-thiopurine-metabolites'],
      },
    },
    (chart) => {
      addCondition(chart, 'aih', -470);
      addCourse(chart, { ingredient: 'prednisone', start: -450, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -450, doseMg: 125, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-451, 450],
        [-422, 120],
        [-380, 48],
        [-350, 36],
        [-250, 30],
        [-150, 32],
        [-60, 45],
        [-14, 96],
      ]);
      addLabs(chart, 'ast', [
        [-451, 380],
        [-422, 90],
        [-380, 40],
        [-350, 30],
        [-250, 28],
        [-150, 29],
        [-60, 38],
        [-14, 70],
      ]);
      addLabs(chart, 'igg', [
        [-451, 26],
        [-380, 17],
        [-350, 15],
        [-250, 14],
        [-150, 14.5],
        [-14, 17.8],
      ]);
    },
  );

export const elin: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-elin',
      given: 'Elin',
      family: 'Testpatient',
      gender: 'female',
      age: 27,
      mrn: 'DEMO-1005',
      shape: 'oracle',
      description: 'Non-response: ALT fell only 21% by week 4 and remains about 6×ULN.',
      expected: { response: 'non-response', suggested: ['refer-specialist-centre', 'reconsider-diagnosis'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -210);
      addCourse(chart, { ingredient: 'prednisolone', start: -200, doseMg: 40, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -200, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-201, 520],
        [-172, 410],
        [-150, 380],
        [-100, 300],
        [-50, 260],
        [-10, 240],
      ]);
      addLabs(chart, 'ast', [
        [-201, 400],
        [-172, 330],
        [-100, 220],
        [-10, 180],
      ]);
      addLabs(chart, 'igg', [
        [-201, 32],
        [-100, 29],
        [-10, 27],
      ]);
    },
  );

export const farid: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-farid',
      given: 'Farid',
      family: 'Testpatient',
      gender: 'male',
      age: 51,
      mrn: 'DEMO-1006',
      shape: 'epic',
      description: 'Ten weeks into first-line treatment, ALT falling well: too early to judge.',
      expected: { response: 'too-early', suggested: ['reassess-at-6-months'] },
    },
    (chart) => {
      addCondition(chart, 'aih', -80);
      addCourse(chart, { ingredient: 'prednisone', start: -70, doseMg: 30, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -70, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-71, 480],
        [-42, 130],
        [-14, 70],
      ]);
      addLabs(chart, 'ast', [
        [-71, 350],
        [-42, 95],
        [-14, 50],
      ]);
      addLabs(chart, 'igg', [
        [-71, 27],
        [-14, 20],
      ]);
    },
  );

export const greta: PatientGenerator = (clock) =>
  definePatient(
    clock,
    {
      id: 'aih-greta',
      given: 'Greta',
      family: 'Testpatient',
      gender: 'female',
      age: 66,
      mrn: 'DEMO-1007',
      shape: 'epic',
      description: 'ALT and AST normal on treatment, but IgG never measured: response cannot be classified.',
      expected: { response: 'insufficient-data' },
    },
    (chart) => {
      addCondition(chart, 'aih', -270);
      addCourse(chart, { ingredient: 'prednisone', start: -260, doseMg: 5, timesPerDay: 1 });
      addCourse(chart, { ingredient: 'azathioprine', start: -260, doseMg: 100, timesPerDay: 1 });
      addLabs(chart, 'alt', [
        [-261, 300],
        [-232, 110],
        [-180, 38],
        [-120, 33],
        [-40, 30],
      ]);
      addLabs(chart, 'ast', [
        [-261, 240],
        [-232, 80],
        [-180, 30],
        [-120, 29],
        [-40, 27],
      ]);
    },
  );
