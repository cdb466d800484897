import { describeEvolutions } from './evolution';

describeEvolutions('mysql');
